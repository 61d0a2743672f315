// The effects behind the Variants and Extend panels and the quick-action launch: ask the sandbox to make or resize
// frames, then hand their node ids to the job engine (ui/jobs/job-engine.ts), which runs them in parallel.
import type { SandboxMessage, UiMessage } from '../../common/protocol/messages';
import { findPreset, type Anchor, type Placement } from '../../common/variants/format-presets';
import type { VariantFormat } from '../../common/variants/plan-variants';
import type { LaunchRequest } from '../../common/variants/quick-parameters';
import type { AppStore } from '../state/app-store';
import { chosenTarget, runBlocker } from '../state/app-selectors';
import type { JobEngine, OutpaintNodesResult } from '../jobs/job-engine';
import { footerJob } from '../state/footer-job';
import type { WorkflowStore } from './workflow-store';

export interface WorkflowCommands {
  /** `generation` 'one': one FLUX task paints every format (ui/jobs/shared-generation.ts); else one per format. */
  createVariants(nodeId: string, formats: VariantFormat[], anchor: Anchor, generation?: SetGeneration): void;
  extend(nodeId: string, size: { width: number; height: number }, placement: Placement, mode: 'resize' | 'new'): void;
  dismiss(): void;
  /** Feed every sandbox message here; the workflows take theirs. */
  handleMessage(message: SandboxMessage): void;
}

export type SetGeneration = 'one' | 'per-format';

export interface WorkflowDeps {
  store: AppStore;
  workflow: WorkflowStore;
  post(message: UiMessage): void;
  outpaintNodesAsync: JobEngine['outpaintNodesAsync'];
  newId(): string;
}

export const WORKFLOW_TEXT = {
  relaunched: 'Opened from “Outpaint again”. Check the placement, then press Outpaint.',
  relaunchedCovered: 'Opened from “Outpaint again”. The frame is already filled: pick a bigger shape to extend it.',
  nothingToRun: 'Select a frame with an image, then run Outpaint again from quick actions.',
  noneNeeded: 'The variants are made. The image already fills each of them, so nothing was generated.',
  extended: 'Extended and outpainted. One undo puts the frame back as it was.',
  keptForPaidTask: 'The frame stays extended for the paid result.',
} as const;

/** " · 20 credits charged" when FLUX charged anything for the set: the API's own `cost`, summed. */
export function chargedText(result: Pick<OutpaintNodesResult, 'charged'>): string {
  if (!(result.charged > 0)) return '';
  const credits = Math.round(result.charged * 100) / 100;
  return ` ${credits} ${credits === 1 ? 'credit' : 'credits'} charged.`;
}

function summary(made: number, result: OutpaintNodesResult, total: number): string {
  const prefix = made > 0 ? `Made ${made} frame${made === 1 ? '' : 's'}; outpainted` : 'Outpainted';
  const failed = result.failed.length;
  if (failed === 0) return `${prefix} ${result.written} of ${total}.${chargedText(result)}`;
  const first = result.failed[0]?.message ?? '';
  return `${prefix} ${result.written} of ${total}.${chargedText(result)} ${failed} not written: ${first}`;
}

export function createWorkflowCommands(deps: WorkflowDeps): WorkflowCommands {
  const { store, workflow } = deps;
  let pendingId: string | null = null;
  /** How the pending variant set is generated. */
  let pendingGeneration: SetGeneration = 'per-format';
  /** The 'artboard/restore' in flight, with why the extended frame is being put back. */
  let restoring: { id: string; reason: string } | null = null;

  /** Extend and outpaint are one action: a run that wrote nothing puts the frame back, unless a paid task waits. */
  async function outpaintExtendedAsync(nodeId: string): Promise<void> {
    workflow.set({ phase: 'outpainting', index: 0, total: 1, name: '' });
    const result = await deps.outpaintNodesAsync([{ nodeId, name: '' }]);
    const failure = result.failed[0];
    if (failure === undefined) {
      workflow.set({ phase: 'finished', message: `${WORKFLOW_TEXT.extended}${chargedText(result)}` });
      return;
    }
    if (failure.paidTaskKept) {
      workflow.set({ phase: 'failed', message: `${failure.message} ${WORKFLOW_TEXT.keptForPaidTask}` });
      return;
    }
    const id = deps.newId();
    restoring = { id, reason: failure.message };
    workflow.set({ phase: 'creating', what: 'extend' });
    deps.post({ type: 'artboard/restore', id, nodeId });
  }

  async function outpaintAllAsync(
    nodeIds: string[],
    names: ReadonlyMap<string, string>,
    made: number,
    generation: SetGeneration = 'per-format',
  ): Promise<void> {
    if (nodeIds.length === 0) {
      workflow.set({ phase: 'finished', message: WORKFLOW_TEXT.noneNeeded });
      return;
    }
    const frames = nodeIds.map((nodeId) => ({ nodeId, name: names.get(nodeId) ?? '' }));
    workflow.set({
      phase: 'outpainting',
      index: 0,
      total: nodeIds.length,
      name: frames.length === 1 ? (frames[0]?.name ?? '') : '',
    });
    const result = await deps.outpaintNodesAsync(
      frames,
      (settled, total) => workflow.set({ phase: 'outpainting', index: settled, total, name: '' }),
      generation === 'one' ? { oneGeneration: true } : {},
    );
    workflow.set({
      phase: result.failed.length === 0 ? 'finished' : 'failed',
      message: summary(made, result, nodeIds.length),
    });
  }

  function applyLaunch(request: LaunchRequest): void {
    if (request.source === 'relaunch') {
      // A written frame is filled by its result, so there is nothing to generate until it grows: open Extend.
      if (chosenTarget(store.getState())?.status === 'covered') {
        store.dispatch({ type: 'view/opened', view: 'extend' });
        workflow.set({ phase: 'finished', message: WORKFLOW_TEXT.relaunchedCovered });
        return;
      }
      workflow.set({ phase: 'finished', message: WORKFLOW_TEXT.relaunched });
      return;
    }
    // Quick-action modes apply to this session only: nothing is posted, so the saved settings stay as they were.
    if (request.mode !== null) {
      const patch =
        request.mode === 'offline' ? { engine: 'offline' as const } : { engine: 'flux' as const, mode: request.mode };
      store.dispatch({ type: 'settings/edited', patch });
    }
    const state = store.getState();
    const target = chosenTarget(state);
    if (target === null) {
      workflow.set({ phase: 'failed', message: WORKFLOW_TEXT.nothingToRun });
      return;
    }
    const preset = request.formatId === null ? null : findPreset(request.formatId);
    if (preset) {
      commands.createVariants(
        target.nodeId,
        [{ label: preset.label, width: preset.width, height: preset.height }],
        'center',
      );
      return;
    }
    const blocker = runBlocker(state);
    if (blocker !== null) {
      workflow.set({ phase: 'failed', message: blocker });
      return;
    }
    void outpaintAllAsync([target.nodeId], new Map([[target.nodeId, target.nodeName]]), 0).then(() => {
      const job = footerJob(store.getState());
      // The footer already shows the finished job; a one-frame summary would only repeat it.
      if (job.phase === 'done' || job.phase === 'failed') workflow.set({ phase: 'idle' });
    });
  }

  const commands: WorkflowCommands = {
    createVariants(nodeId, formats, anchor, generation = 'per-format') {
      const id = deps.newId();
      pendingId = id;
      pendingGeneration = generation;
      workflow.set({ phase: 'creating', what: 'variants' });
      deps.post({ type: 'variants/create', id, nodeId, formats, anchor });
    },
    extend(nodeId, size, placement, mode) {
      const id = deps.newId();
      pendingId = id;
      workflow.set({ phase: 'creating', what: 'extend' });
      deps.post({ type: 'artboard/extend', id, nodeId, width: size.width, height: size.height, placement, mode });
    },
    dismiss() {
      workflow.set({ phase: 'idle' });
    },
    handleMessage(message) {
      switch (message.type) {
        case 'variants/created': {
          if (message.id !== pendingId) return;
          pendingId = null;
          const names = new Map(message.frames.map((f) => [f.nodeId, f.name]));
          const toRun = message.frames.filter((f) => f.needsOutpaint).map((f) => f.nodeId);
          void outpaintAllAsync(toRun, names, message.frames.length, pendingGeneration);
          return;
        }
        case 'artboard/extended':
          if (message.id !== pendingId) return;
          pendingId = null;
          void outpaintExtendedAsync(message.nodeId);
          return;
        case 'artboard/restored': {
          if (restoring === null || message.id !== restoring.id) return;
          const { reason } = restoring;
          restoring = null;
          workflow.set({ phase: 'failed', message: `${reason} ${message.message}` });
          return;
        }
        case 'workflow/failed':
          if (message.id !== pendingId) return;
          pendingId = null;
          workflow.set({ phase: 'failed', message: message.error.message });
          return;
        case 'launch/request':
          applyLaunch(message.request);
          return;
        default:
          return;
      }
    },
  };
  return commands;
}
