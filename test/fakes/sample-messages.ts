// Valid protocol values for tests: each builder returns a fresh object that callers may change.
import type { SavedJob } from '../../common/batch/saved-job';
import type { Plan } from '../../common/geometry/plan';
import type { ResultMeta, SandboxMessage, UiMessage } from '../../common/protocol/messages';
import type { SelectionReport, Target } from '../../common/selection/report';
import { DEFAULT_SETTINGS, type Settings } from '../../common/settings';

export function sampleSettings(overrides: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, apiKey: 'bfl-test-key', ...overrides };
}

export function samplePlan(overrides: Partial<Plan> = {}): Plan {
  return {
    width: 1600,
    height: 900,
    offsetX: 400,
    offsetY: 0,
    autoCrop: false,
    quarterTurns: 0,
    crop: { x: 0, y: 0, width: 800, height: 900 },
    reference: { width: 800, height: 900 },
    scale: 1,
    density: 2,
    limitedBy: [],
    output: { width: 1600, height: 900, offsetX: 400, offsetY: 0, scale: 1 },
    fastMode: { allowed: true, problems: [] },
    megapixels: 1.44,
    ...overrides,
  };
}

export function sampleTarget(overrides: Partial<Target> = {}): Target {
  return {
    nodeId: '1:2',
    nodeName: 'Hero',
    kind: 'fill',
    imageNodeId: '1:2',
    imageNodeName: 'Hero',
    paintIndex: 0,
    frame: { width: 800, height: 450 },
    image: { hash: 'a'.repeat(40), width: 800, height: 900, format: 'png' },
    status: 'ready',
    plan: samplePlan(),
    notes: ['GIF: only the first frame is used'],
    fingerprint: '800x450|aaaa|FIT',
    ...overrides,
  };
}

export function sampleReport(): SelectionReport {
  return {
    selectedCount: 2,
    targets: [sampleTarget()],
    refusals: [
      { nodeId: '1:9', nodeName: 'Tiles', error: { code: 'tile', message: 'Switch the fill to Fit or Crop' } },
    ],
  };
}

export function sampleMeta(overrides: Partial<ResultMeta> = {}): ResultMeta {
  return {
    engine: 'flux',
    mode: 'high',
    createdAt: '2026-11-25T10:00:00Z',
    cost: 4,
    width: 1600,
    height: 900,
    ...overrides,
  };
}

/** A FLUX task record as 'job/save' carries it and clientStorage keeps it (never with the API key). */
export function sampleSavedJob(overrides: Partial<SavedJob> = {}): SavedJob {
  const { apiKey: _key, ...settings } = sampleSettings({ engine: 'flux' });
  return {
    jobId: 'job-1',
    taskId: 'task-1',
    pollingUrl: 'https://api.eu1.bfl.ai/v1/get_result?id=task-1',
    candidate: 1,
    candidates: 2,
    target: sampleTarget(),
    settings,
    submittedAt: 1_764_064_800_000,
    cost: 4,
    ...overrides,
  };
}

/** One valid message of every UiMessage type. */
export function sampleUiMessages(): UiMessage[] {
  return [
    { type: 'ui/ready' },
    { type: 'settings/save', settings: sampleSettings() },
    { type: 'job/start', id: 'job-1', nodeId: '1:2' },
    { type: 'job/result', id: 'job-1', bytes: new Uint8Array([137, 80, 78, 71]), meta: sampleMeta() },
    { type: 'notify', message: 'Outpainted 3 frames', error: false },
    { type: 'ui/resize', width: 400, height: 600 },
    {
      type: 'variants/create',
      id: 'v-1',
      nodeId: '1:2',
      formats: [{ label: 'Instagram story', width: 1080, height: 1920 }],
      anchor: 'bottom-left',
    },
    {
      type: 'artboard/extend',
      id: 'e-1',
      nodeId: '1:2',
      width: 1067,
      height: 600,
      placement: { x: 1, y: 0.5 },
      mode: 'resize',
    },
    { type: 'job/save', jobs: [sampleSavedJob()] },
    // A "submit pending" marker: no polling URL yet.
    { type: 'job/save', jobs: [sampleSavedJob({ pending: true, taskId: 'pending-job-1-1', pollingUrl: '' })] },
    { type: 'job/forget', taskIds: ['task-1', 'pending-job-1-1'] },
    { type: 'job/resume', id: 'job-1' },
    { type: 'image/request', hash: 'a'.repeat(40) },
  ];
}

/** One valid message of every SandboxMessage type (both WriteOutcome kinds). */
export function sampleSandboxMessages(): SandboxMessage[] {
  return [
    { type: 'settings/loaded', settings: sampleSettings() },
    { type: 'selection/changed', selection: sampleReport() },
    { type: 'image/bytes', hash: 'a'.repeat(40), bytes: new Uint8Array([255, 216, 255]) },
    {
      type: 'image/failed',
      hash: 'b'.repeat(40),
      error: { code: 'bytes-unavailable', message: 'Figma could not load the image.' },
    },
    { type: 'job/started', id: 'job-1', target: sampleTarget() },
    { type: 'job/written', id: 'job-1', outcome: { kind: 'written', nodeId: '1:2' } },
    {
      type: 'job/written',
      id: 'job-2',
      outcome: {
        kind: 'placed-beside',
        nodeId: '5:6',
        reason: { code: 'node-deleted', message: 'The frame was deleted.' },
      },
    },
    { type: 'job/failed', id: 'job-3', error: { code: 'image-too-large', message: 'Too large for Figma.' } },
    {
      type: 'variants/created',
      id: 'v-1',
      frames: [{ nodeId: '7:1', name: 'Instagram story 1080×1920', needsOutpaint: true }],
    },
    { type: 'artboard/extended', id: 'e-1', nodeId: '1:2' },
    {
      type: 'workflow/failed',
      id: 'e-2',
      error: { code: 'write-failed', message: 'Set its size to Fixed, then extend it.' },
    },
    { type: 'launch/request', request: { source: 'quick-action', mode: 'offline', formatId: 'x-post' } },
    { type: 'jobs/saved', jobs: [sampleSavedJob(), sampleSavedJob({ candidate: 0, taskId: 'task-0' })], elsewhere: [] },
    { type: 'job/stored', taskId: 'pending-job-1-0', stored: true },
    { type: 'job/stored', taskId: 'task-9', stored: false },
    {
      type: 'job/stored',
      taskId: 'task-10',
      stored: false,
      error: { code: 'storage-failed', message: 'Outpaint already holds 1000 paid tasks.' },
    },
    { type: 'jobs/saved', jobs: [], elsewhere: [{ fileName: 'Poster file', results: 2 }] },
  ];
}
