// Launches the Chromium the real-browser tests drive: CHROMIUM_PATH or Debian's /usr/bin/chromium, with the
// flags that work headless as root on this network (toolchain.md; scripts/find-chromium.mjs), and a fresh
// temporary profile per launch. Never downloads a browser.
import { chromium, type Browser } from 'playwright-core';
import { NON_SECURE_HOST } from './non-secure-url';

export async function launchChromiumAsync(): Promise<Browser> {
  // Loaded by a computed path: the flags live in a plain .mjs shared with the scripts.
  const helperPath = '../../scripts/find-chromium.mjs';
  const helper: unknown = await import(helperPath);
  const flags = readFlags(helper);
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  return chromium.launch({ executablePath, args: flags, headless: true });
}

function readFlags(helper: unknown): string[] {
  if (typeof helper === 'object' && helper !== null && 'CHROMIUM_FLAGS' in helper) {
    const flags = (helper as { CHROMIUM_FLAGS: unknown }).CHROMIUM_FLAGS;
    if (Array.isArray(flags) && flags.every((f) => typeof f === 'string')) {
      // The non-secure host of test/support/non-secure-url.ts must resolve, or those pages would not load.
      if (!flags.some((f) => f.startsWith('--host-resolver-rules=') && f.includes(NON_SECURE_HOST))) {
        throw new Error(`scripts/find-chromium.mjs must map ${NON_SECURE_HOST} to 127.0.0.1`);
      }
      return flags;
    }
  }
  throw new Error('scripts/find-chromium.mjs must export CHROMIUM_FLAGS: string[]');
}
