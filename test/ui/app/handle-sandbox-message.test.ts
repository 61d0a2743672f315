import { describe, expect, it } from 'vitest';
import type { SandboxMessage } from '../../../common/protocol/messages';
import type { ImageFormat } from '../../../common/selection/report';
import { handleSandboxMessage } from '../../../ui/app/handle-sandbox-message';
import { createImageBytesCache } from '../../../ui/jobs/image-bytes-cache';
import type { AppAction } from '../../../ui/state/app-action';
import { OFFLINE_SETTINGS, makeSelection, makeTarget } from '../support/ui-fixtures';

function setUp(decodes?: boolean) {
  const actions: AppAction[] = [];
  const toRunner: SandboxMessage[] = [];
  const previews: [number, ImageFormat][] = [];
  const checks: Promise<boolean>[] = [];
  const images = createImageBytesCache();
  const deps = {
    dispatch: (a: AppAction) => actions.push(a),
    images,
    engine: { handleMessage: (m: SandboxMessage) => toRunner.push(m) },
    makePreviewUrl: (bytes: Uint8Array, format: ImageFormat) => {
      previews.push([bytes.length, format]);
      return `blob:${previews.length}`;
    },
    formatOf: (): ImageFormat => 'jpeg',
    ...(decodes === undefined
      ? {}
      : {
          imageDecodesAsync: () => {
            const answer = Promise.resolve(decodes);
            checks.push(answer);
            return answer;
          },
        }),
  };
  return { checks, actions, toRunner, previews, images, handle: (m: SandboxMessage) => handleSandboxMessage(m, deps) };
}

describe('handle sandbox message', () => {
  it('keeps image bytes for jobs and gives the preview a URL of the right type', async () => {
    const h = setUp();
    const bytes = new Uint8Array([1, 2, 3]);
    h.handle({ type: 'image/bytes', hash: 'h', bytes });
    expect(await h.images.getBytesAsync('h', new AbortController().signal)).toBe(bytes);
    expect(h.previews).toEqual([[3, 'jpeg']]);
    expect(h.actions).toEqual([{ type: 'image/ready', hash: 'h', url: 'blob:1' }]);
  });

  it('refuses a damaged image file as soon as its bytes arrive: the run is blocked with the reason, before any click', async () => {
    const h = setUp(false);
    h.handle({ type: 'image/bytes', hash: 'h', bytes: new Uint8Array([0xff, 0xd8, 0xff]) });
    await Promise.all(h.checks);
    const error = {
      code: 'decode-failed',
      message: 'This image file is damaged. Replace it with a PNG or JPEG and retry',
    };
    expect(h.actions).toEqual([
      { type: 'image/ready', hash: 'h', url: 'blob:1' },
      { type: 'image/failed', hash: 'h', error },
    ]);
    // A job that asks for the bytes anyway gets the same reason, not a paid attempt.
    await expect(h.images.getBytesAsync('h', new AbortController().signal)).rejects.toMatchObject({ error });
  });

  it('keeps an image that decodes as ready', async () => {
    const h = setUp(true);
    h.handle({ type: 'image/bytes', hash: 'h', bytes: new Uint8Array([1]) });
    await Promise.all(h.checks);
    expect(h.actions).toEqual([{ type: 'image/ready', hash: 'h', url: 'blob:1' }]);
  });

  it('sends job replies to the runner only', () => {
    const h = setUp();
    const reply: SandboxMessage = { type: 'job/started', id: 'j', target: makeTarget() };
    h.handle(reply);
    expect(h.toRunner).toEqual([reply]);
    expect(h.actions).toEqual([]);
  });

  it('puts settings and selection into the state', () => {
    const h = setUp();
    const selection = makeSelection([makeTarget()]);
    h.handle({ type: 'settings/loaded', settings: OFFLINE_SETTINGS });
    h.handle({ type: 'selection/changed', selection });
    expect(h.actions).toEqual([
      { type: 'settings/loaded', settings: OFFLINE_SETTINGS },
      { type: 'selection/changed', selection },
    ]);
  });
});
