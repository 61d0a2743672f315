// Plain data builders for UI tests: a plan, a target, a selection, settings.
import type { Plan } from '../../../common/geometry/plan';
import type { ResultMeta } from '../../../common/protocol/messages';
import type { Refusal, SelectionReport, Target } from '../../../common/selection/report';
import { DEFAULT_SETTINGS, type Settings } from '../../../common/settings';

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

export const FLUX_SETTINGS: Settings = { ...DEFAULT_SETTINGS, engine: 'flux', apiKey: 'test-key', endpoint: 'https://proxy.example.com' };
export const OFFLINE_SETTINGS: Settings = { ...DEFAULT_SETTINGS, engine: 'offline' };

export function makeMeta(over: Partial<ResultMeta> = {}): ResultMeta {
  return { engine: 'flux', mode: 'high', createdAt: '2026-11-25T00:00:00.000Z', cost: 4.5, width: 1200, height: 500, ...over };
}
