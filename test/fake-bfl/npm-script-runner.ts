// Runs an npm script as its own process group, waits for the line that carries its URL, and stops
// the whole group afterwards (npm → sh → tsx → node).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RunningScript {
  url: string;
  firstLine: string;
  stopAsync(): Promise<void>;
}

export function startNpmScriptAsync(script: string, args: string[], timeoutMs = 60_000): Promise<RunningScript> {
  const child: ChildProcess = spawn('npm', ['run', '--silent', script, '--', ...args], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stopAsync = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.pid === undefined) return resolve();
      child.once('exit', () => resolve());
      process.kill(-child.pid, 'SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      void stopAsync();
      reject(new Error(`npm run ${script} printed no URL within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /^.*?(http:\/\/127\.0\.0\.1:\d+).*$/m.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], firstLine: match[0], stopAsync });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm run ${script} exited with ${code}:\n${output}`));
    });
  });
}
