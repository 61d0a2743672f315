// The one message module: one discriminated union per direction (docs/figma-plugin-api.md, Messaging between sandbox and UI),
// declared once as valibot schemas; the types (https://valibot.dev/guides/infer-types/) and the parsers
// (parse-sandbox-message.ts, parse-ui-message.ts) both come from them. A union is a `variant` on `type`
// (https://valibot.dev/guides/unions/), so each side's handler can switch over it exhaustively.
// Bytes travel as raw Uint8Array, one image per message; never base64 or JSON
// (https://developers.figma.com/docs/plugins/creating-ui). The UI says 'ui/ready' first.
import * as v from 'valibot';
import { MAX_CANDIDATES, MAX_SAVED_JOBS, SavedJobSchema } from '../batch/saved-job';
import { WaitingElsewhereSchema } from '../batch/ledger-by-file';
import { SelectionReportSchema, TargetSchema } from '../selection/report';
import { SettingsSchema } from '../settings';
import { LaunchRequestSchema } from '../variants/quick-parameters';
import {
  CreateVariantsRequestSchema,
  CreatedVariantSchema,
  ExtendArtboardRequestSchema,
} from '../variants/variant-protocol';
import { MAX_VARIANTS } from '../variants/plan-variants';
import { AppErrorSchema } from './errors';
import { BytesSchema, HashSchema, IdSchema, finite, list, text, whole } from './field-schemas';

/** The UI may say more than figma.notify shows; the sandbox truncates to 100 (docs/figma-plugin-api.md, Other APIs). */
const MAX_NOTIFY_CHARS = 1000;
/** Figma images are at most 4096 px a side (docs/figma-plugin-api.md, Images: reading and creating). */
const MAX_IMAGE_SIDE = 4096;
/** Panel sizes the UI may ask for; the sandbox clamps further. */
const MAX_UI_SIDE = 4096;

/** The date is written into a layer name; only an ISO-8601 date (and optional time) is allowed there. */
const IsoDateSchema = v.pipe(
  text(10, 40),
  v.regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'not an ISO date'),
  v.check((date) => !Number.isNaN(Date.parse(date)), 'not an ISO date'),
);

/** Written into the new image's name so a designer sees it is generated. */
export const ResultMetaSchema = v.object({
  engine: SettingsSchema.entries.engine,
  mode: v.picklist(['high', 'fast', 'offline']),
  /** ISO date of the job. */
  createdAt: IsoDateSchema,
  /** Credits the API charged, when known. */
  cost: v.nullable(finite(0, 1_000_000)),
  width: whole(1, MAX_IMAGE_SIDE),
  height: whole(1, MAX_IMAGE_SIDE),
});
export type ResultMeta = v.InferOutput<typeof ResultMetaSchema>;

export const WriteOutcomeSchema = v.variant('kind', [
  /** Written into the frame as one undo step. */
  v.object({ kind: v.literal('written'), nodeId: IdSchema }),
  /** The frame was deleted or changed: the paid result was placed as a new frame beside it. */
  v.object({ kind: v.literal('placed-beside'), nodeId: IdSchema, reason: AppErrorSchema }),
]);
export type WriteOutcome = v.InferOutput<typeof WriteOutcomeSchema>;

/** Sandbox → UI. */
export const SandboxMessageSchema = v.variant('type', [
  v.object({ type: v.literal('settings/loaded'), settings: SettingsSchema }),
  v.object({ type: v.literal('selection/changed'), selection: SelectionReportSchema }),
  v.object({ type: v.literal('image/bytes'), hash: HashSchema, bytes: BytesSchema }),
  v.object({ type: v.literal('image/failed'), hash: HashSchema, error: AppErrorSchema }),
  v.object({ type: v.literal('job/started'), id: IdSchema, target: TargetSchema }),
  /** `candidate` echoes the 'job/result' that was written (the first one, when the panel sent several). */
  v.object({
    type: v.literal('job/written'),
    id: IdSchema,
    outcome: WriteOutcomeSchema,
    candidate: v.optional(whole(0, MAX_CANDIDATES - 1)),
  }),
  v.object({ type: v.literal('job/failed'), id: IdSchema, error: AppErrorSchema }),
  /** Variant frames made for 'variants/create' (common/variants/); the UI then outpaints each through job/start. */
  v.object({ type: v.literal('variants/created'), id: IdSchema, frames: list(CreatedVariantSchema, MAX_VARIANTS) }),
  /** The frame for 'artboard/extend' (resized, or new beside it) is ready to outpaint. */
  v.object({ type: v.literal('artboard/extended'), id: IdSchema, nodeId: IdSchema }),
  /** Answer to 'artboard/restore': whether the frame was put back (or the new frame removed), in words. */
  v.object({
    type: v.literal('artboard/restored'),
    id: IdSchema,
    restored: v.boolean(),
    message: text(1, MAX_NOTIFY_CHARS),
  }),
  /** 'variants/create' or 'artboard/extend' changed nothing, and why. */
  v.object({ type: v.literal('workflow/failed'), id: IdSchema, error: AppErrorSchema }),
  /** After 'ui/ready' when launched from quick actions or a relaunch button: what to do without Settings. */
  v.object({ type: v.literal('launch/request'), request: LaunchRequestSchema }),
  /**
   * Answer to 'ui/ready': FLUX tasks a closed panel left in flight in this file (common/batch/saved-job.ts), and
   * how many other files' paid results wait on this computer (common/batch/ledger-by-file.ts).
   */
  v.object({
    type: v.literal('jobs/saved'),
    jobs: list(SavedJobSchema, MAX_SAVED_JOBS),
    elsewhere: list(WaitingElsewhereSchema, MAX_SAVED_JOBS),
  }),
  /**
   * Answer to one record of a 'job/save' once clientStorage took it, or refused it (`stored` false, with why): a
   * FLUX submit waits for it and is never sent when its task could not be recorded.
   */
  v.object({ type: v.literal('job/stored'), taskId: IdSchema, stored: v.boolean(), error: v.optional(AppErrorSchema) }),
]);
export type SandboxMessage = v.InferOutput<typeof SandboxMessageSchema>;

/** UI → sandbox. */
export const UiMessageSchema = v.variant('type', [
  v.object({ type: v.literal('ui/ready') }),
  v.object({ type: v.literal('settings/save'), settings: SettingsSchema }),
  v.object({ type: v.literal('job/start'), id: IdSchema, nodeId: IdSchema }),
  /** `candidate`: which of the frame's results this is (0–3), echoed by 'job/written'. */
  v.object({
    type: v.literal('job/result'),
    id: IdSchema,
    bytes: BytesSchema,
    meta: ResultMetaSchema,
    candidate: v.optional(whole(0, MAX_CANDIDATES - 1)),
  }),
  v.object({ type: v.literal('notify'), message: text(1, MAX_NOTIFY_CHARS), error: v.boolean() }),
  v.object({ type: v.literal('ui/resize'), width: finite(0, MAX_UI_SIDE), height: finite(0, MAX_UI_SIDE) }),
  /** Make one frame per format beside the node's image (common/variants/plan-variants.ts). */
  v.object({ type: v.literal('variants/create'), ...CreateVariantsRequestSchema.entries }),
  /** Resize the frame, or make a new one beside it, with its image where the designer dragged it. */
  v.object({ type: v.literal('artboard/extend'), ...ExtendArtboardRequestSchema.entries }),
  /** The outpaint after 'artboard/extend' wrote nothing: put the frame back as it was (plugin/extend-restore.ts). */
  v.object({ type: v.literal('artboard/restore'), id: IdSchema, nodeId: IdSchema }),
  /**
   * Keep submitted FLUX tasks (or their submit-pending markers) in clientStorage, never with the key. Records the
   * panel asks for in the same moment travel together and share one write; each is answered by its 'job/stored'.
   */
  v.object({ type: v.literal('job/save'), jobs: v.pipe(list(SavedJobSchema, MAX_SAVED_JOBS), v.minLength(1)) }),
  /** Drop saved tasks: their frame was written, failed, discarded or reported stale. */
  v.object({ type: v.literal('job/forget'), taskIds: list(IdSchema, MAX_SAVED_JOBS) }),
  /** Re-arm a saved frame job for write-back; answered by 'job/started' with the saved (frozen) target. */
  v.object({ type: v.literal('job/resume'), id: IdSchema }),
  /** Send one image of the current selection (the chosen target's, for its preview); read once, answered by 'image/bytes' or 'image/failed'. */
  v.object({ type: v.literal('image/request'), hash: HashSchema }),
]);
export type UiMessage = v.InferOutput<typeof UiMessageSchema>;

export type SandboxMessageType = SandboxMessage['type'];
export type UiMessageType = UiMessage['type'];
