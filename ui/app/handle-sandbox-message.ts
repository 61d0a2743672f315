// The UI's one dispatch of sandbox messages: bytes to the cache (and a preview URL to the state), job answers and
// saved jobs to the job engine, workflow answers to the workflows, everything else to the reducer. Exhaustive:
// a new message type fails to compile here until it is routed.
import type { SandboxMessage } from '../../common/protocol/messages';
import type { ImageFormat } from '../../common/selection/report';
import type { Dispatch } from '../state/app-store';
import type { ImageBytesCache } from '../jobs/image-bytes-cache';
import type { JobEngine } from '../jobs/job-engine';
import { appError, type AppError } from '../../common/protocol/errors';
import { DAMAGED_IMAGE_TEXT } from '../pixels/pixel-error';

export interface SandboxMessageDeps {
  dispatch: Dispatch;
  images: ImageBytesCache;
  engine: Pick<JobEngine, 'handleMessage'>;
  /** Makes a URL an <img>/<image> can show (URL.createObjectURL in the browser). */
  makePreviewUrl(bytes: Uint8Array, format: ImageFormat): string;
  /** The format the current selection reports for a hash, for the preview's MIME type. */
  formatOf(hash: string): ImageFormat;
  /** Variants, extend artboard and launch requests (ui/variants/workflow-commands.ts). */
  workflows?: { handleMessage(message: SandboxMessage): void };
  /** Whether an image's bytes decode here (ui/app/image-decodes.ts); a damaged file is refused before any run. */
  imageDecodesAsync?(bytes: Uint8Array, format: ImageFormat): Promise<boolean>;
}

export function handleSandboxMessage(message: SandboxMessage, deps: SandboxMessageDeps): void {
  switch (message.type) {
    case 'settings/loaded':
      deps.dispatch({ type: 'settings/loaded', settings: message.settings });
      return;
    case 'selection/changed':
      deps.dispatch({ type: 'selection/changed', selection: message.selection });
      return;
    case 'image/bytes': {
      const { hash, bytes } = message;
      const format = deps.formatOf(hash);
      deps.images.put(hash, bytes);
      deps.dispatch({ type: 'image/ready', hash, url: deps.makePreviewUrl(bytes, format) });
      // A file that does not decode here fails as one the sandbox could not read.
      void deps.imageDecodesAsync?.(bytes, format).then((decodes) => {
        if (!decodes) imageFailed(hash, appError('decode-failed', DAMAGED_IMAGE_TEXT), deps);
      });
      return;
    }
    case 'image/failed':
      imageFailed(message.hash, message.error, deps);
      return;
    case 'variants/created':
    case 'artboard/extended':
    case 'artboard/restored':
    case 'workflow/failed':
    case 'launch/request':
      deps.workflows?.handleMessage(message);
      return;
    case 'job/started':
    case 'job/written':
    case 'job/failed':
    case 'job/stored':
    case 'jobs/saved':
      deps.engine.handleMessage(message);
      return;
    default:
      assertNever(message);
  }
}

function assertNever(message: never): never {
  throw new Error(`unhandled sandbox message ${JSON.stringify(message)}`);
}

/** An image the panel cannot use: jobs waiting for its bytes fail with `error`, and the preview says it. */
function imageFailed(hash: string, error: AppError, deps: SandboxMessageDeps): void {
  deps.images.fail(hash, error);
  deps.dispatch({ type: 'image/failed', hash, error });
}
