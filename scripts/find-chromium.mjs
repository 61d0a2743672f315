// Finds the Chromium the real-browser tests drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium.
// With --install, installs Debian's package when it is missing and we are root (never a browser download).
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

export const INSTALL_HINT = 'sudo apt-get update && sudo apt-get install -y chromium';

export function findChromium() {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    // A path the user chose that does not exist is a mistake to report, not a reason to use another browser.
    if (existsSync(chosen)) return chosen;
    console.error(`CHROMIUM_PATH is set to ${chosen}, but there is no file there. Fix it or unset it.`);
    process.exit(2);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? null;
}

export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) {
    console.log('Chromium not found: installing Debian package chromium …');
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch {
      // fall through to the message below
    }
  }
  const after = findChromium();
  if (after) return after;
  console.error(
    `The real-browser tests need Chromium. Install it with:\n  ${INSTALL_HINT}\nor point CHROMIUM_PATH at a Chromium binary.`,
  );
  process.exit(2);
}

/**
 * A plain-http host name that is not loopback, mapped to 127.0.0.1 by --host-resolver-rules: a page served from
 * it is not a secure context, as Figma's plugin iframe is not (http://127.0.0.1 and http://localhost are
 * "potentially trustworthy" and would be: https://w3c.github.io/webappsec-secure-contexts/).
 */
export const NON_SECURE_HOST = 'plugin.figma-frame.test';

export const CHROMIUM_FLAGS = [
  `--host-resolver-rules=MAP ${NON_SECURE_HOST} 127.0.0.1`,
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
