import { describe, expect, it } from 'vitest';
import { createPreviewUrls, type PreviewUrlMode } from '../../../ui/app/preview-url';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47]);

function deferred(): { promise: Promise<boolean>; resolve(value: boolean): void } {
  let resolve: (value: boolean) => void = () => {};
  const promise = new Promise<boolean>((r) => (resolve = r));
  return { promise, resolve };
}

describe('preview URLs', () => {
  it('uses data: URLs until the blob: check answers, then blob: URLs where they load', async () => {
    const check = deferred();
    const modes: PreviewUrlMode[] = [];
    const urls = createPreviewUrls({ blobImageLoadsAsync: () => check.promise, onModeChange: (m) => modes.push(m) });
    expect(urls.make(PNG, 'png')).toBe('data:image/png;base64,iVBORw==');
    check.resolve(true);
    await check.promise;
    await Promise.resolve();
    expect(urls.mode()).toBe('blob');
    const url = urls.make(PNG, 'png');
    expect(url.startsWith('blob:')).toBe(true);
    urls.revoke(url);
    expect(modes).toEqual(['blob']);
  });

  it('stays on data: URLs where a blob: image is refused, and turns them off when a CSP report says so later', async () => {
    const refused = createPreviewUrls({ blobImageLoadsAsync: async () => false });
    await Promise.resolve();
    await Promise.resolve();
    expect(refused.mode()).toBe('data');
    expect(refused.make(PNG, 'jpeg').startsWith('data:image/jpeg;base64,')).toBe(true);

    const later = createPreviewUrls({ blobImageLoadsAsync: async () => true });
    await Promise.resolve();
    await Promise.resolve();
    expect(later.mode()).toBe('blob');
    later.blobRefused();
    expect(later.make(PNG, 'png').startsWith('data:')).toBe(true);
  });
});
