// The bounded building blocks every protocol schema is made of. Every value that crosses postMessage or comes back
// from clientStorage is untrusted (docs/figma-plugin-api.md, Messaging between sandbox and UI "Validate every inbound
// message"), so every string, number, list and byte array has a ceiling. Valibot checks a value with a schema followed
// by validation actions in a pipeline (https://valibot.dev/guides/pipelines/).
import * as v from 'valibot';

/** Figma node ids ("12:345", "I1:2;3:4" inside instances), job ids and task ids are short. */
export const MAX_ID_CHARS = 256;
/** Selections beyond this are refused by the planner long before they reach the UI. */
export const MAX_LIST_ITEMS = 10_000;
/** Layer names: Figma sets no limit, so this only stops a runaway value. */
export const MAX_NAME_CHARS = 10_000;
/** Notes, fingerprints and error messages. */
export const MAX_TEXT_CHARS = 2_000;
/** Figma's 4096 cap on the output, and far beyond any API canvas (docs/bfl-api.md, Placement geometry). */
export const MAX_PIXELS_SIDE = 1_000_000;
/** Largest image the protocol carries: 4096² RGBA stored uncompressed plus headroom. Larger is not an image Figma made. */
export const MAX_MESSAGE_BYTES = 96 * 1024 * 1024;

/** A string of `min`..`max` UTF-16 code units. */
export function text(min: number, max: number) {
  return v.pipe(v.string(), v.minLength(min), v.maxLength(max));
}

/** A finite number in `min`..`max`: valibot's number() already refuses NaN, finite() refuses ±Infinity. */
export function finite(min: number, max: number) {
  return v.pipe(v.number(), v.finite(), v.minValue(min), v.maxValue(max));
}

/** A whole number in `min`..`max`. */
export function whole(min: number, max: number) {
  return v.pipe(v.number(), v.finite(), v.integer(), v.minValue(min), v.maxValue(max));
}

/**
 * An array of at most `max` items, each checked by `item`. The length is checked before any item, so an oversized
 * list is refused without walking it (a pipeline may hold schemas: https://valibot.dev/guides/pipelines/).
 */
export function list<TItem extends v.GenericSchema>(item: TItem, max: number) {
  return v.pipe(v.array(v.unknown()), v.maxLength(max), v.array(item));
}

export const IdSchema = text(1, MAX_ID_CHARS);

/** Figma image hashes are 40 hex characters; the ceiling leaves room without trusting the format. */
export const HashSchema = text(1, 256);

/**
 * Image bytes as the raw Uint8Array Figma's postMessage carries, one image per message: never base64 or JSON
 * (https://developers.figma.com/docs/plugins/creating-ui), and no other typed array. `Uint8Array<ArrayBufferLike>`
 * (a TypeScript instantiation expression, erased in JavaScript) keeps the type every byte source has, as `Uint8Array`
 * alone would infer the narrower `Uint8Array<ArrayBuffer>` from the constructor's last overload.
 */
export const BytesSchema = v.pipe(
  v.instance(Uint8Array<ArrayBufferLike>),
  v.minLength(1),
  v.maxLength(MAX_MESSAGE_BYTES),
);
