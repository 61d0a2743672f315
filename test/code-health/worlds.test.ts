// Each world compiles with only its own globals (README, "House style"): a `figma` reference in ui/ or common/, a DOM
// reference in plugin/, common/ or proxy/, or a Node module in proxy/ must fail to compile. Each case type-checks
// one probe line as if it were a file of that world, with that world's own tsconfig.json.
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function diagnosticsFor(world: string, probe: string): string[] {
  const dir = path.join(root, world);
  const read = ts.readConfigFile(path.join(dir, 'tsconfig.json'), ts.sys.readFile);
  const options = ts.parseJsonConfigFileContent(read.config, ts.sys, dir).options;
  const probeFile = path.join(dir, '__world-probe__.ts');
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language) =>
    fileName === probeFile
      ? ts.createSourceFile(fileName, `export {};\n${probe}\n`, language)
      : getSourceFile(fileName, language);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => fileName === probeFile || fileExists(fileName);
  const program = ts.createProgram({ rootNames: [probeFile], options, host });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === probeFile)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const refused: [world: string, probe: string, because: string][] = [
  ['ui', 'figma.notify("hi");', 'the UI iframe has no figma global'],
  ['common', 'figma.notify("hi");', 'pure code has no figma global'],
  ['common', 'document.title = "x";', 'pure code has no DOM'],
  ['plugin', 'document.title = "x";', 'the sandbox has no DOM'],
  ['proxy', 'document.title = "x";', 'a Worker has no DOM'],
  ['proxy', 'figma.notify("hi");', 'the proxy has no figma global'],
];

const allowed: [world: string, probe: string][] = [
  ['ui', 'document.title = "x";'],
  ['plugin', 'figma.notify("hi");'],
  ['proxy', 'void new Response("x", { status: 200 });'],
];

describe('each world compiles with only its own globals', () => {
  it.each(refused)('%s: `%s` fails to compile (%s)', (world, probe) => {
    const errors = diagnosticsFor(world, probe);
    expect(errors.join('\n')).toMatch(/Cannot find name '(figma|document)'/);
  });

  it.each(allowed)('%s: `%s` compiles', (world, probe) => {
    expect(diagnosticsFor(world, probe)).toEqual([]);
  });
});
