// The UI's one dispatch of sandbox messages: bytes to the cache (and a preview URL to the state), job answers and
// saved jobs to the job engine, workflow answers to the workflows, everything else to the reducer. Exhaustive:
// a new message type fails to compile here until it is routed.
import type { SandboxMessage } from '../../common/protocol/messages';
import type { ImageFormat } from '../../common/selection/report';
import type { Dispatch } from '../state/app-store';
import type { ImageBytesCache } from '../jobs/image-bytes-cache';
import type { JobEngine } from '../jobs/job-engine';

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
}

export function handleSandboxMessage(message: SandboxMessage, deps: SandboxMessageDeps): void {
  switch (message.type) {
    case 'settings/loaded':
      deps.dispatch({ type: 'settings/loaded', settings: message.settings });
      return;
    case 'selection/changed':
      deps.dispatch({ type: 'selection/changed', selection: message.selection });
      return;
    case 'image/bytes':
      deps.images.put(message.hash, message.bytes);
      deps.dispatch({
        type: 'image/ready',
        hash: message.hash,
        url: deps.makePreviewUrl(message.bytes, deps.formatOf(message.hash)),
      });
      return;
    case 'image/failed':
      deps.images.fail(message.hash, message.error);
      deps.dispatch({ type: 'image/failed', hash: message.hash, error: message.error });
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
