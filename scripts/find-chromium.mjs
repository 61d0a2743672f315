// Finds the Chromium the real-browser tests drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium.
// With --install, installs Debian's package when it is missing and we are root (never a browser download).
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

export const INSTALL_HINT = 'sudo apt-get update && sudo apt-get install -y chromium   (or set CHROMIUM_PATH)';

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((p) => existsSync(p)) ?? null;
}

export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) {
    console.log('Chromium not found: installing Debian package chromium …');
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } catch {
      // fall through to the message below
    }
  }
  const after = findChromium();
  if (after) return after;
  console.error(`The real-browser tests need Chromium. Install it with:\n  ${INSTALL_HINT}`);
  process.exit(2);
}

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
