// Test pages that are not the playground (pixel pages, the decoder fuzz page, the proxy's null-origin page, the
// bundle's CSP page) are served on 127.0.0.1, which Chromium treats as a secure context. Opened through
// NON_SECURE_HOST instead (mapped to 127.0.0.1 by the launch flags in scripts/find-chromium.mjs), they lose
// secure-context-only APIs as the panel does in Figma's iframe (docs/figma-iframe.md).
import type { Page } from 'playwright-core';
import { NON_SECURE_HOST } from '../../scripts/find-chromium.mjs';

/** The same URL on the non-secure host name. */
export function nonSecureUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname !== '127.0.0.1' && parsed.hostname !== 'localhost') throw new Error(`Not a loopback URL: ${url}`);
  parsed.hostname = NON_SECURE_HOST;
  return parsed.toString();
}

/** Fails loudly if a test page that must stand in for Figma's iframe is a secure context after all. */
export async function expectNotSecureContextAsync(page: Page): Promise<void> {
  if (await page.evaluate(() => isSecureContext)) throw new Error(`${page.url()} must not be a secure context`);
}
