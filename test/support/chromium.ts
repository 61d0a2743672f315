// Launches the Chromium the real-browser tests drive: CHROMIUM_PATH or Debian's /usr/bin/chromium, with the
// flags that work headless as root on this network and map the non-secure test host to 127.0.0.1
// (scripts/find-chromium.mjs; docs/toolchain.md), and a fresh temporary profile per launch. Never downloads a browser.
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../../scripts/find-chromium.mjs';

export async function launchChromiumAsync(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
}
