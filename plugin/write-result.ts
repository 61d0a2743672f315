// Writes a finished outpaint back into the document, non-destructively: the original image stays
// in the file (hidden) so the designer can toggle it back (docs/figma-plugin-api.md, Design consequences).
import { appError, type AppError } from '../common/protocol/errors';
import type { ResultMeta, WriteOutcome } from '../common/protocol/messages';
import type { Target } from '../common/selection/report';
import { resultName } from './result-name';
import type { CreatedNode, SandboxFigma, SandboxNode } from './sandbox-figma';

export const PLUGIN_DATA_KEY = 'outpaint';
/** The "Outpaint again" button (manifest.json relaunchButtons, command `outpaint`) with its description. */
export function relaunchData(description: string): { outpaint: string } {
  return { outpaint: description };
}
/** Gap between a changed frame and the result placed beside it, in design units. */
export const PLACE_BESIDE_GAP = 40;

export const MESSAGES = {
  tooLarge: "The result is over Figma's 4096 px image limit. Outpaint a smaller frame.",
  writeFailed: 'Figma could not write the result into the frame. Try again.',
  nodeDeleted: 'The frame was deleted, so the result was placed as a new frame.',
  nodeChanged: 'The frame changed after Outpaint started, so the result was placed beside it.',
  instanceLayer: "Instances can't take new layers, so the result was placed beside it. Detach to write inside.",
} as const;

export type WriteResult = { ok: true; outcome: WriteOutcome } | { ok: false; error: AppError };

/** Where the frame was when the job started, in page coordinates, for placing a result later. */
export interface JobPlacement {
  x: number;
  y: number;
}

/**
 * createImage throws for anything over 4096 px a side or not PNG/JPEG/GIF (docs/figma-plugin-api.md, Images: reading and creating):
 * both become data so the UI can tell the designer, and the document stays untouched.
 */
export function createImageSafely(
  figma: Pick<SandboxFigma, 'createImage'>,
  bytes: Uint8Array,
): { ok: true; hash: string } | { ok: false; error: AppError } {
  try {
    return { ok: true, hash: figma.createImage(bytes).hash };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (/too large/i.test(text)) return { ok: false, error: appError('image-too-large', MESSAGES.tooLarge) };
    return { ok: false, error: appError('write-failed', MESSAGES.writeFailed) };
  }
}

/**
 * The result paint: FILL shows the whole image because the result has the frame's aspect ratio;
 * rotation 0 because the UI already rotated the pixels (plan.quarterTurns). The original's
 * filters, opacity and blend mode carry over so the new area gets the same look.
 */
export function resultPaint(original: Paint | undefined, imageHash: string): ImagePaint {
  const paint: ImagePaint = {
    type: 'IMAGE',
    scaleMode: 'FILL',
    imageHash,
    rotation: 0,
    visible: true,
    opacity: original?.opacity ?? 1,
    blendMode: original?.blendMode ?? 'NORMAL',
  };
  if (original?.type === 'IMAGE' && original.filters) return { ...paint, filters: { ...original.filters } };
  return paint;
}

function paintsOf(node: SandboxNode): Paint[] {
  const fills = node.fills;
  return fills === undefined || typeof fills === 'symbol' ? [] : [...fills];
}

/**
 * Fill case: the result paint goes directly above the original image paint, which stays in the
 * array hidden (visible: false). Paints above it (overlays) stay above. Fills are frozen, so the
 * array is cloned and reassigned (https://developers.figma.com/docs/plugins/editing-properties).
 */
export function writeFill(node: SandboxNode, paintIndex: number, imageHash: string): void {
  const paints = paintsOf(node);
  const original = paints[paintIndex];
  if (!original) throw new Error(`no paint at index ${paintIndex}`);
  node.fills = [
    ...paints.slice(0, paintIndex),
    { ...original, visible: false },
    resultPaint(original, imageHash),
    ...paints.slice(paintIndex + 1),
  ];
}

/**
 * True when `node` already shows the result `imageHash`: as a paint of its own (fill case) or as a child layer's
 * fill (layer case). A retried write ("Try writing again", or the same result sent twice) then changes nothing,
 * so a frame never gets a second result paint. Identical bytes give the same hash
 * (https://developers.figma.com/docs/plugins/api/Image/#hash).
 */
export function showsResult(node: SandboxNode, imageHash: string): boolean {
  const holds = (n: SandboxNode): boolean =>
    paintsOf(n).some((paint) => paint.type === 'IMAGE' && paint.imageHash === imageHash);
  return holds(node) || (node.children ?? []).some(holds);
}

/**
 * Marks a written node (plugin data for "what made this", the "Outpaint again" button). The result is already in
 * the document when this runs: a refusal here costs the designer the marker, never the result, so it is
 * reported as a warning and the write still counts (https://developers.figma.com/docs/plugins/api/properties/nodes-setrelaunchdata).
 */
export function markWritten(
  node: SandboxNode,
  pluginData: { key: string; value: string } | null,
  relaunch: { [command: string]: string } | null,
  warn: (message: string) => void,
): void {
  const attempt = (what: string, action: () => void): void => {
    try {
      action();
    } catch (error) {
      warn(
        `Outpaint wrote the result but could not set its ${what}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  if (pluginData) attempt('plugin data', () => node.setPluginData(pluginData.key, pluginData.value));
  if (relaunch) attempt('relaunch button', () => node.setRelaunchData({ ...relaunch }));
}

/** The frame's direct child that contains `node` (or is it). */
function topLevelChildOf(frame: SandboxNode, node: SandboxNode): SandboxNode | null {
  for (let current: SandboxNode | null = node; current; current = current.parent) {
    if (current.parent?.id === frame.id) return current;
  }
  return null;
}

function isStructurallyLocked(node: SandboxNode): boolean {
  if (node.type === 'INSTANCE') return true;
  for (let parent = node.parent; parent; parent = parent.parent) if (parent.type === 'INSTANCE') return true;
  return false;
}

/** Instances and their sublayers cannot take new children (docs/figma-plugin-api.md, Node geometry). */
export function cannotTakeLayers(frame: SandboxNode): boolean {
  return isStructurallyLocked(frame) || !frame.insertChild;
}

/**
 * Layer case: a new rectangle the size of the frame at (0, 0), directly above the frame's child that
 * holds the image, scaling with the frame (constraints SCALE) and out of the auto-layout flow
 * (layoutPositioning ABSOLUTE, which Figma allows only inside auto layout). The original layer is
 * hidden. Callers check cannotTakeLayers first.
 */
export function writeLayer(
  figma: Pick<SandboxFigma, 'createRectangle'>,
  frame: SandboxNode,
  imageNode: SandboxNode,
  paintIndex: number,
  imageHash: string,
  name: string,
): void {
  const original = paintsOf(imageNode)[paintIndex];
  const paint = resultPaint(original, imageHash);
  const width = frame.width ?? 0;
  const height = frame.height ?? 0;
  if (!frame.insertChild) throw new Error(`${frame.type} cannot take children`);
  const holder = topLevelChildOf(frame, imageNode);
  const index = holder
    ? (frame.children ?? []).findIndex((child) => child.id === holder.id) + 1
    : (frame.children ?? []).length;
  const layer: CreatedNode = figma.createRectangle();
  try {
    frame.insertChild(index, layer);
    if (frame.layoutMode !== undefined && frame.layoutMode !== 'NONE') layer.layoutPositioning = 'ABSOLUTE';
    layer.resize(width, height);
    layer.x = 0;
    layer.y = 0;
    layer.fills = [paint];
    layer.constraints = { horizontal: 'SCALE', vertical: 'SCALE' };
    layer.name = name;
  } catch (error) {
    if (!layer.removed) layer.remove();
    throw error;
  }
  // The result is in place; hiding the original is a courtesy that must not turn the write into a failure
  // (a retry would add a second layer).
  try {
    imageNode.visible = false;
  } catch {
    // The original stays visible under the result, which covers it.
  }
}

/**
 * The frame changed or is gone: the paid result is never thrown away and never forced into a
 * frame that no longer matches. It becomes a new frame on the page, beside the frame (or where it was).
 */
export function placeBeside(
  figma: Pick<SandboxFigma, 'createFrame' | 'currentPage'>,
  imageHash: string,
  target: Target,
  meta: ResultMeta,
  at: JobPlacement,
): CreatedNode {
  const frame = figma.createFrame();
  try {
    figma.currentPage.appendChild(frame);
    frame.resize(Math.max(target.frame.width, 0.01), Math.max(target.frame.height, 0.01));
    frame.x = at.x;
    frame.y = at.y;
    frame.fills = [resultPaint(undefined, imageHash)];
    frame.name = `${resultName(meta)} (from ${target.nodeName})`;
  } catch (error) {
    if (!frame.removed) frame.remove();
    throw error;
  }
  return frame;
}
