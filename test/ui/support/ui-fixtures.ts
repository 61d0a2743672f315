// Plain data builders for UI tests: a plan, a target, a selection, settings.
import type { Plan } from '../../../common/geometry/plan';
import type { ResultMeta } from '../../../common/protocol/messages';
import type { Refusal, SelectionReport, Target } from '../../../common/selection/report';
import { DEFAULT_SETTINGS, type Settings } from '../../../common/settings';
import { EMPTY_CANDIDATE, newRow, type BatchRow } from '../../../ui/batch/batch-state';
import type { AppAction } from '../../../ui/state/app-action';

export function makePlan(over: Partial<Plan> = {}): Plan {
  return {
    width: 720,
    height: 300,
    offsetX: 134,
    offsetY: 0,
    autoCrop: false,
    quarterTurns: 0,
    crop: { x: 0, y: 0, width: 451, height: 300 },
    reference: { width: 451, height: 300 },
    scale: 1,
    density: 0.6,
    limitedBy: [],
    output: { width: 720, height: 300, offsetX: 134, offsetY: 0, scale: 1 },
    fastMode: { allowed: true, problems: [] },
    megapixels: 0.216,
    ...over,
  };
}

/** A square 1000 px image in the middle of a 4000 × 1000 frame: three times its own area to make, in passes. */
export function makeBannerPlan(): Plan {
  return makePlan({
    width: 4000,
    height: 1000,
    offsetX: 1500,
    offsetY: 0,
    crop: { x: 0, y: 0, width: 1000, height: 1000 },
    reference: { width: 1000, height: 1000 },
    scale: 1,
    limitedBy: [],
    output: { width: 4000, height: 1000, offsetX: 1500, offsetY: 0, scale: 1 },
    megapixels: 4,
  });
}

export function makeTarget(over: Partial<Target> = {}): Target {
  return {
    nodeId: '1:2',
    nodeName: 'Hero banner',
    kind: 'fill',
    imageNodeId: '1:2',
    imageNodeName: 'Hero banner',
    paintIndex: 0,
    frame: { width: 1200, height: 500 },
    image: { hash: 'hash-1', width: 451, height: 300, format: 'png' },
    status: 'ready',
    plan: makePlan(),
    notes: [],
    fingerprint: 'fp-1',
    ...over,
  };
}

export function makeSelection(targets: Target[], refusals: Refusal[] = []): SelectionReport {
  return { selectedCount: targets.length + refusals.length, targets, refusals };
}

export function makeRefusal(nodeName: string, code: Refusal['error']['code'], message: string): Refusal {
  return { nodeId: `r-${nodeName}`, nodeName, error: { code, message } };
}

export const FLUX_SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  engine: 'flux',
  apiKey: 'test-key',
  endpoint: 'https://proxy.example.com',
};
export const OFFLINE_SETTINGS: Settings = { ...DEFAULT_SETTINGS, engine: 'offline' };

export function makeMeta(over: Partial<ResultMeta> = {}): ResultMeta {
  return {
    engine: 'flux',
    mode: 'high',
    createdAt: '2026-11-25T00:00:00.000Z',
    cost: 4.5,
    width: 1200,
    height: 500,
    ...over,
  };
}

/** A frame job row, as the engine keeps it (ui/batch/batch-state.ts): running on the default target unless told. */
export function makeRow(over: Partial<BatchRow> = {}): BatchRow {
  const target = makeTarget();
  return newRow('row-1', {
    jobId: 'job-1',
    nodeId: target.nodeId,
    nodeName: target.nodeName,
    frame: target.frame,
    plan: target.plan,
    imageHash: target.image.hash,
    image: { width: target.image.width, height: target.image.height },
    engine: 'flux',
    mode: 'high',
    status: 'generating',
    stage: { kind: 'starting' },
    candidates: [EMPTY_CANDIDATE],
    ...over,
  });
}

/** The footer's single Outpaint in the state: its row (a queue of one), followed by the footer. */
export function footerRowActions(row: BatchRow): AppAction[] {
  return [
    { type: 'batch', action: { type: 'rows/added', rows: [row], open: false } },
    { type: 'batch', action: { type: 'focus/set', rowId: row.rowId } },
  ];
}

/** A change to a row, as the engine dispatches it. */
export function rowPatched(rowId: string, patch: Partial<Omit<BatchRow, 'rowId'>>): AppAction {
  return { type: 'batch', action: { type: 'row/patched', rowId, patch } };
}
