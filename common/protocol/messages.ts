// The one message module: one discriminated union per direction (figma-platform.md §4).
// Bytes travel as raw Uint8Array, one image per message; never base64 or JSON
// (https://developers.figma.com/docs/plugins/creating-ui). The UI says 'ui/ready' first.
import type { Settings } from '../settings';
import type { SelectionReport, Target } from '../selection/report';
import type { AppError } from './errors';

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
  | { type: 'job/failed'; id: string; error: AppError };

/** UI → sandbox. */
export type UiMessage =
  | { type: 'ui/ready' }
  | { type: 'settings/save'; settings: Settings }
  | { type: 'job/start'; id: string; nodeId: string }
  | { type: 'job/result'; id: string; bytes: Uint8Array; meta: ResultMeta }
  | { type: 'notify'; message: string; error: boolean }
  | { type: 'ui/resize'; width: number; height: number };

export type SandboxMessageType = SandboxMessage['type'];
export type UiMessageType = UiMessage['type'];
