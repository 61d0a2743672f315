// The one message module: one discriminated union per direction (docs/figma-plugin-api.md, Messaging between sandbox and UI).
// Bytes travel as raw Uint8Array, one image per message; never base64 or JSON
// (https://developers.figma.com/docs/plugins/creating-ui). The UI says 'ui/ready' first.
import type { Settings } from '../settings';
import type { SelectionReport, Target } from '../selection/report';
import type { AppError } from './errors';
import type { CreateVariantsRequest, CreatedVariant, ExtendArtboardRequest, LaunchRequest } from '../variants/variant-protocol';
import type { SavedJob } from '../batch/saved-job';

/** Written into the new image's name so a designer sees it is generated. */
export interface ResultMeta {
  engine: 'offline' | 'flux';
  mode: 'high' | 'fast' | 'offline';
  /** ISO date of the job. */
  createdAt: string;
  /** Credits the API charged, when known. */
  cost: number | null;
  width: number;
  height: number;
}

export type WriteOutcome =
  /** Written into the frame as one undo step. */
  | { kind: 'written'; nodeId: string }
  /** The frame was deleted or changed: the paid result was placed as a new frame beside it. */
  | { kind: 'placed-beside'; nodeId: string; reason: AppError };

/** Sandbox → UI. */
export type SandboxMessage =
  | { type: 'settings/loaded'; settings: Settings }
  | { type: 'selection/changed'; selection: SelectionReport }
  | { type: 'image/bytes'; hash: string; bytes: Uint8Array }
  | { type: 'image/failed'; hash: string; error: AppError }
  | { type: 'job/started'; id: string; target: Target }
  | { type: 'job/written'; id: string; outcome: WriteOutcome }
  | { type: 'job/failed'; id: string; error: AppError }
  /** Variant frames made for 'variants/create' (common/variants/); the UI then outpaints each through job/start. */
  | { type: 'variants/created'; id: string; frames: CreatedVariant[] }
  /** The frame for 'artboard/extend' (resized, or new beside it) is ready to outpaint. */
  | { type: 'artboard/extended'; id: string; nodeId: string }
  /** 'variants/create' or 'artboard/extend' changed nothing, and why. */
  | { type: 'workflow/failed'; id: string; error: AppError }
  /** After 'ui/ready' when launched from quick actions or a relaunch button: what to do without Settings. */
  | { type: 'launch/request'; request: LaunchRequest }
  /** Answer to 'ui/ready': FLUX tasks a closed panel left in flight (common/batch/saved-job.ts). */
  | { type: 'jobs/saved'; jobs: SavedJob[] }
  /** Answer to 'job/save' once clientStorage took it (or refused it: `stored` false), so a submit can wait for it. */
  | { type: 'job/stored'; taskId: string; stored: boolean };

/** UI → sandbox. */
export type UiMessage =
  | { type: 'ui/ready' }
  | { type: 'settings/save'; settings: Settings }
  | { type: 'job/start'; id: string; nodeId: string }
  | { type: 'job/result'; id: string; bytes: Uint8Array; meta: ResultMeta }
  | { type: 'notify'; message: string; error: boolean }
  | { type: 'ui/resize'; width: number; height: number }
  /** Make one frame per format beside the node's image (common/variants/plan-variants.ts). */
  | ({ type: 'variants/create' } & CreateVariantsRequest)
  /** Resize the frame, or make a new one beside it, with its image where the designer dragged it. */
  | ({ type: 'artboard/extend' } & ExtendArtboardRequest)
  /** Keep a submitted FLUX task in clientStorage the moment the API accepts it (never with the key). */
  | { type: 'job/save'; job: SavedJob }
  /** Drop saved tasks: their frame was written, failed, discarded or reported stale. */
  | { type: 'job/forget'; taskIds: string[] }
  /** Re-arm a saved frame job for write-back; answered by 'job/started' with the saved (frozen) target. */
  | { type: 'job/resume'; id: string }
  /** Send one image of the current selection (the chosen target's, for its preview); read once, answered by 'image/bytes' or 'image/failed'. */
  | { type: 'image/request'; hash: string };

export type SandboxMessageType = SandboxMessage['type'];
export type UiMessageType = UiMessage['type'];
