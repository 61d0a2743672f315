// Smoke test of the real sandbox bundle (dist/code.js): Figma runs it in a QuickJS-like VM with no
// DOM and no Node (docs/toolchain.md, quickjs-emscripten row), targeting es2017 (docs/toolchain.md, gotcha 8).
// A stub `figma` written in plain JS inside the VM records what the bundle does.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// acorn is ESLint's own parser (a dependency of espree): parsing at ecmaVersion 2017 rejects any newer syntax.
import { parse } from 'acorn';
import { getQuickJS, type QuickJSContext } from 'quickjs-emscripten';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAll } from '../../scripts/build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const FIGMA_STUB = `
var __log = { shown: [], posted: [], handlers: {}, events: {}, timers: [], warnings: [] };
var __html__ = '<html><body>Outpaint</body></html>';
var console = {
  log: function () {}, info: function () {},
  warn: function (m) { __log.warnings.push(String(m)); },
  error: function (m) { __log.warnings.push(String(m)); }
};
function setTimeout(callback, ms) { __log.timers.push(callback); return __log.timers.length; }
function clearTimeout(handle) { __log.timers[handle - 1] = null; }
var figma = {
  showUI: function (html, options) { __log.shown.push({ html: html, options: options }); },
  ui: {
    postMessage: function (message) { __log.posted.push(message); },
    on: function (type, callback) { __log.handlers[type] = callback; },
    off: function () {},
    resize: function () {}
  },
  command: '',
  parameters: { on: function (type, callback) { __log.events['parameters/' + type] = callback; } },
  // Figma fires 'run' right after a plain launch (no quick-action parameters).
  on: function (type, callback) {
    __log.events[type] = callback;
    if (type === 'run') setTimeout(function () { callback({ command: figma.command, parameters: undefined }); }, 0);
  },
  off: function () {},
  currentPage: { id: '0:1', selection: [], appendChild: function () {} },
  clientStorage: {
    getAsync: function () { return Promise.resolve(undefined); },
    setAsync: function () { return Promise.resolve(); }
  },
  getNodeByIdAsync: function () { return Promise.resolve(null); },
  getImageByHash: function () { return null; },
  createImage: function () { throw new Error('Image type is unsupported'); },
  createFrame: function () { throw new Error('not in the smoke test'); },
  createRectangle: function () { throw new Error('not in the smoke test'); },
  commitUndo: function () {},
  notify: function () { return { cancel: function () {} }; }
};
function __runTimers() {
  for (var i = 0; i < __log.timers.length; i++) {
    var timer = __log.timers[i];
    __log.timers[i] = null;
    if (timer) timer();
  }
}
`;

function evaluate(vm: QuickJSContext, code: string, filename: string): unknown {
  const result = vm.evalCode(code, filename);
  if (result.error) {
    const error: unknown = vm.dump(result.error);
    result.error.dispose();
    throw new Error(`${filename} threw in QuickJS: ${JSON.stringify(error)}`);
  }
  const value: unknown = vm.dump(result.value);
  result.value.dispose();
  return value;
}

function drain(vm: QuickJSContext): void {
  for (let round = 0; round < 20; round += 1) {
    const jobs = vm.runtime.executePendingJobs();
    if (jobs.error) {
      const error: unknown = vm.dump(jobs.error);
      jobs.error.dispose();
      throw new Error(`a promise job threw: ${JSON.stringify(error)}`);
    }
    evaluate(vm, '__runTimers()', 'timers.js');
  }
}

describe('dist/code.js', () => {
  let code = '';
  beforeAll(async () => {
    await buildAll();
    code = await readFile(path.join(root, 'dist/code.js'), 'utf8');
  });

  it('uses no syntax newer than es2017', () => {
    expect(() => parse(code, { ecmaVersion: 2017, sourceType: 'script' })).not.toThrow();
    // The check itself rejects newer syntax (object spread is ES2018).
    expect(() => parse('const a = {}; const b = { ...a };', { ecmaVersion: 2017, sourceType: 'script' })).toThrow();
  });

  it('loads in QuickJS with only figma and __html__, opens the themed panel and waits for the UI', async () => {
    const QuickJS = await getQuickJS();
    const vm = QuickJS.newContext();
    try {
      evaluate(vm, FIGMA_STUB, 'figma-stub.js');
      evaluate(vm, code, 'code.js');
      drain(vm);
      const shown = evaluate(vm, '__log.shown', 'read.js');
      expect(shown).toEqual([
        { html: '<html><body>Outpaint</body></html>', options: { width: 360, height: 560, themeColors: true } },
      ]);
      expect(evaluate(vm, 'Object.keys(__log.handlers).concat(Object.keys(__log.events)).sort()', 'read.js')).toEqual([
        'close',
        'message',
        'parameters/input',
        'run',
        'selectionchange',
      ]);
      expect(evaluate(vm, '__log.posted', 'read.js')).toEqual([]);
    } finally {
      vm.dispose();
    }
  });

  it('answers ui/ready with settings and the (empty) selection, and ignores a malformed message with a warning', async () => {
    const QuickJS = await getQuickJS();
    const vm = QuickJS.newContext();
    try {
      evaluate(vm, FIGMA_STUB, 'figma-stub.js');
      evaluate(vm, code, 'code.js');
      drain(vm); // the panel opens on 'run'
      evaluate(vm, "__log.handlers.message({ type: 'job/start', id: 42 })", 'ui.js');
      evaluate(vm, "__log.handlers.message({ type: 'ui/ready' })", 'ui.js');
      drain(vm);
      const posted = evaluate(vm, '__log.posted', 'read.js');
      expect(posted).toMatchObject([
        { type: 'settings/loaded', settings: { engine: 'offline' } },
        { type: 'selection/changed', selection: { selectedCount: 0, targets: [], refusals: [] } },
      ]);
      const warnings = evaluate(vm, '__log.warnings', 'read.js');
      expect(warnings).toEqual([expect.stringContaining('malformed')]);
    } finally {
      vm.dispose();
    }
  });
});
