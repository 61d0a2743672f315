// Runs one seeded schedule through the real code (sandbox controller on the figma fake, UI job runner,
// FLUX client, proxy, strict fake BFL) and checks the invariants of issue #7 after every job:
//   - every task FLUX accepted ends written back, offered again ("Try writing again") or reported;
//   - no click submits more than one task;
//   - the document is unchanged where a job failed (the designer's own edits aside);
//   - the 24-task ceiling holds (docs/bfl-api.md, Rate limits and concurrency);
//   - no unhandled rejection, no message refused by the other side's parser, no over-long toast;
//   - a written result keeps the original's pixels exactly (RGBA, alpha included);
//   - a second file's panel sharing clientStorage never resumes, fetches or writes this file's paid tasks.
import type { UiMessage } from '../../common/protocol/messages';
import { NOTIFY_MAX_CHARS } from '../../common/protocol/errors';
import type { Target } from '../../common/selection/report';
import { DEFAULT_SETTINGS, type Settings } from '../../common/settings';
import { SETTINGS_KEY } from '../../plugin/controller';
import { CONTROLLER_MESSAGES } from '../../plugin/controller-messages';
import { JOBS_KEY } from '../../plugin/job-store';
import { RESULT_LIFETIME_MS } from '../../common/batch/resume-window';
import type { PixelPipelinePort } from '../../ui/jobs/job-ports';
import type { AppAction } from '../../ui/state/app-action';
import { chosenTarget, runBlocker } from '../../ui/state/app-selectors';
import { focusedRow, footerJob, type FooterJob } from '../../ui/state/footer-job';
import type { BatchRow } from '../../ui/batch/batch-state';
import { makeReferencePngAsync } from '../fake-bfl/test-images';
import { createFigmaFake, imagePaint, type FakeNode, type FigmaFake } from '../fakes/figma-fake';
import { describeDocument } from '../plugin/controller-harness';
import { createNodePixelPipeline } from '../support/node-pixel-pipeline';
import { decodePngNode } from '../support/png-node';
import { CHAOS_KEY, PROXY_ORIGIN, startChaosNetworkAsync, type ChaosNetwork } from './chaos-network';
import { openOtherFileAsync } from './other-file';
import { CLOCK_EPOCH, openPluginSession, type PluginSession } from './plugin-session';
import { faultLabel, type Fault, type JobPlan, type Schedule, type Stage } from './schedule';
import { createVirtualClock, type VirtualClock } from './virtual-clock';
import { waitForAsync } from '../support/wait-for';

export type JobOutcome =
  | 'written'
  | 'placed-beside'
  | 'offered-again'
  | 'reported'
  /** The plugin closed mid-job after FLUX accepted a task, and the reopened plugin could not recover it. */
  | 'lost-on-close'
  /** The plugin closed mid-job before FLUX accepted any task: nothing was paid, nothing to recover. */
  | 'closed-before-task'
  /** The panel refused to start (e.g. the frame was gone); its reason was shown. */
  | 'not-started';

export interface JobReport {
  engine: JobPlan['engine'];
  outcome: JobOutcome;
  /** The error shown, for reported and offered-again jobs. */
  code: string | null;
  message: string | null;
  /** Tasks FLUX accepted for this one click. */
  acceptedTasks: number;
}

export interface RunReport {
  seed: number;
  /** Faults that actually happened, by label ("server-error/poll"). */
  faults: Record<string, number>;
  jobs: JobReport[];
  /** Invariant breaks, each in words. Empty when the run passed. */
  violations: string[];
  doubleSubmits: number;
  unintendedDocumentChanges: number;
  /** Most tasks active at once at the fake for the key. */
  maxInFlight: number;
}

export interface RunOptions {
  pipeline?: PixelPipelinePort;
  /** Real-time limit per request; stalls end after this (downloads: twice). */
  requestTimeoutMs?: number;
  /** Real-time limit for one job before it counts as hung. */
  jobWatchdogMs?: number;
}

const API_MAX_ACTIVE_TASKS = 24;
const FRAME = { width: 128, height: 64 };
const IMAGE = { width: 72, height: 64 };

interface World {
  clock: VirtualClock;
  network: ChaosNetwork;
  fake: FigmaFake;
  source: Uint8Array;
  sourceHash: string;
  pipeline: PixelPipelinePort;
  requestTimeoutMs: number;
  nextJob: number;
  /** How far the wall clock was stepped back (a time sync): the panel's clock, not FLUX's. */
  wallBackMs: number;
}

/** Real-time wait for the sandbox to confirm a write, in chaos runs. */
const WRITE_TIMEOUT_MS = 5_000;

/** What the current job's faults do at each stage, and what they did. */
interface JobHooks {
  fired: string[];
  target: Target | null;
  refuseCreateImage: boolean;
  /** The next job/result reaches the sandbox only after the panel's write timeout. */
  slowWrite: boolean;
  /** Set when a fault closed the plugin; resolves once it is closed. */
  closed: Promise<void> | null;
  onStage(stage: Stage): void;
  /** Called after the designer's own edit, so the "unchanged" check starts from it. */
  designerEdited(): void;
}

/** The stage a row change reports (the engine drives rows: ui/jobs/job-engine.ts). */
function stageOfAction(action: AppAction): Stage | null {
  if (action.type !== 'batch') return null;
  const inner = action.action;
  if (inner.type === 'candidate/patched') return inner.patch.status === 'ready' ? 'composed' : null;
  if (inner.type !== 'row/patched') return null;
  if (inner.patch.status === 'done') return 'written';
  const kind = inner.patch.stage?.kind;
  return kind === 'generating' ||
    kind === 'submitted' ||
    kind === 'downloading' ||
    kind === 'composing' ||
    kind === 'preparing' ||
    kind === 'sending'
    ? kind
    : null;
}

function stageOfPost(message: UiMessage): Stage | null {
  if (message.type === 'job/start') return 'start-sent';
  if (message.type === 'job/result') return 'result-sent';
  return null;
}

function openSession(world: World, hooks: { current: JobHooks | null }): PluginSession {
  return openPluginSession(
    world.fake,
    {
      clock: world.clock,
      fetch: world.network.uiFetch,
      pipeline: world.pipeline,
      requestTimeoutMs: world.requestTimeoutMs,
      writeTimeoutMs: WRITE_TIMEOUT_MS,
      wallNow: () => CLOCK_EPOCH + world.clock.now() - world.wallBackMs,
      newJobId: () => `job-${(world.nextJob += 1)}`,
    },
    {
      onAction: (action) => {
        const stage = stageOfAction(action);
        if (stage) hooks.current?.onStage(stage);
      },
      onPost: (message) => {
        const stage = stageOfPost(message);
        if (stage) hooks.current?.onStage(stage);
      },
      onSandboxMessage: (message) => {
        if (message.type === 'job/started' && hooks.current) hooks.current.target = message.target;
      },
      refuseCreateImage: () => {
        const job = hooks.current;
        if (!job?.refuseCreateImage) return false;
        job.refuseCreateImage = false;
        job.fired.push('write-refused');
        return true;
      },
      delayToSandboxMs: (message) => {
        const job = hooks.current;
        if (message.type !== 'job/result' || !job?.slowWrite) return 0;
        job.slowWrite = false;
        return WRITE_TIMEOUT_MS + 1_000;
      },
    },
  );
}

/** The row of this job's frame: the panel may have moved its focus away (the frame deleted, another selected). */
function jobRow(session: PluginSession, frame: FakeNode): BatchRow | null {
  const rows = session.store.getState().batch.rows.filter((row) => row.nodeId === frame.id && !row.resumed);
  return rows[rows.length - 1] ?? focusedRow(session.store.getState());
}

/** What the footer says of this job's row, as if the designer had it in focus. */
function jobFooter(session: PluginSession, frame: FakeNode): FooterJob {
  const state = session.store.getState();
  const row = jobRow(session, frame);
  return footerJob(row ? { ...state, batch: { ...state.batch, focusRowId: row.rowId } } : state);
}

function buildFrame(world: World, index: number): FakeNode {
  return world.fake.build({
    name: `Hero ${index}`,
    x: index * 400,
    y: 0,
    width: FRAME.width,
    height: FRAME.height,
    fills: [imagePaint(world.sourceHash, 'FIT')],
  });
}

async function selectAsync(session: PluginSession, frame: FakeNode): Promise<void> {
  session.fake.currentPage.selection = [frame];
  const chosen = await waitForAsync(() => {
    const state = session.store.getState();
    const target = chosenTarget(state);
    return !session.alive || (target?.nodeId === frame.id && state.images[target.image.hash] !== undefined);
  }, 60_000);
  if (!chosen) throw new Error(`The panel never chose ${frame.name} with its image bytes after 60 s`);
  await session.controller.whenIdleAsync();
}

/** The written image of a job, if the document holds one: from the frame's plugin data, or the frame placed beside. */
export function findWrittenImage(
  fake: FigmaFake,
  jobId: string,
  jobFrame: FakeNode,
): { hash: string; nodeId: string } | null {
  // The job's own frame is looked at even when the designer deleted it after the write.
  const stack: FakeNode[] = [jobFrame, ...fake.currentPage.children];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    const data = node.pluginData.get('outpaint');
    if (data) {
      const parsed: unknown = JSON.parse(data);
      if (typeof parsed === 'object' && parsed !== null && 'jobId' in parsed && parsed.jobId === jobId) {
        const paint = 'imageHash' in parsed && typeof parsed.imageHash === 'string' ? parsed.imageHash : null;
        const fillHash =
          node.fills.find((p): p is ImagePaint => p.type === 'IMAGE' && p.visible !== false)?.imageHash ?? null;
        const hash = paint ?? fillHash;
        if (hash) return { hash, nodeId: node.id };
      }
    }
    stack.push(...node.children);
  }
  return null;
}

/** Pixel-exact: every original pixel (RGBA) sits unchanged at plan.output's offset in the written PNG. */
export function originalKeptExactly(source: Uint8Array, written: Uint8Array, target: Target): string | null {
  const { plan } = target;
  const out = decodePngNode(written);
  if (out.width !== plan.output.width || out.height !== plan.output.height) {
    return `written image is ${out.width}×${out.height}, plan.output is ${plan.output.width}×${plan.output.height}`;
  }
  if (plan.quarterTurns !== 0 || plan.output.scale !== 1) return null;
  const src = decodePngNode(source);
  let wrong = 0;
  for (let y = 0; y < plan.crop.height; y++) {
    for (let x = 0; x < plan.crop.width; x++) {
      const s = ((plan.crop.y + y) * src.width + plan.crop.x + x) * 4;
      const o = ((plan.output.offsetY + y) * out.width + plan.output.offsetX + x) * 4;
      for (let c = 0; c < 4; c++) if (src.data[s + c] !== out.data[o + c]) wrong++;
    }
  }
  return wrong === 0 ? null : `${wrong} channel values of the original changed in the written image`;
}

/** Where two document pictures first differ, with a little context either side. */
function firstDifference(before: string, after: string): string {
  let i = 0;
  while (i < before.length && before[i] === after[i]) i++;
  return `…${after.slice(Math.max(0, i - 80), i + 120)}…`;
}

function settingsFor(job: JobPlan, prompt: string): Settings {
  return {
    ...DEFAULT_SETTINGS,
    engine: job.engine,
    endpoint: PROXY_ORIGIN,
    apiKey: CHAOS_KEY,
    feather: job.feather,
    prompt,
  };
}

export async function runScheduleAsync(schedule: Schedule, options: RunOptions = {}): Promise<RunReport> {
  const violations: string[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);

  const clock = createVirtualClock();
  const network = await startChaosNetworkAsync(clock, {
    retryAfterSeconds: schedule.seed % 3 === 0 ? null : 1 + (schedule.seed % 3),
  });
  const fake = createFigmaFake();
  const { png } = await makeReferencePngAsync(IMAGE.width, IMAGE.height);
  const world: World = {
    clock,
    network,
    fake,
    source: png,
    sourceHash: fake.storeImage(png),
    pipeline: options.pipeline ?? createNodePixelPipeline(),
    requestTimeoutMs: options.requestTimeoutMs ?? 250,
    nextJob: 0,
    wallBackMs: 0,
  };
  const watchdogMs = options.jobWatchdogMs ?? 20_000;
  const hooks: { current: JobHooks | null } = { current: null };
  const faultCounts: Record<string, number> = {};
  const jobs: JobReport[] = [];
  let doubleSubmits = 0;
  let unintended = 0;

  // Frames of earlier jobs whose paid result is still open (offered again, or closed mid-job): a reopened panel
  // may resume and write them later, which is not a change made by the job being judged.
  const openFrames = new Set<string>();
  const picture = (): string =>
    JSON.stringify(
      fake.currentPage.children.filter((node) => !openFrames.has(node.id)).map((node) => describeDocument(node)),
    );

  await fake.clientStorage.setAsync(SETTINGS_KEY, settingsFor({ engine: 'flux', feather: 2, faults: [] }, ''));
  const other = schedule.otherFile
    ? await openOtherFileAsync(fake.clientStorage.backing, {
        clock,
        pipeline: world.pipeline,
        requestTimeoutMs: world.requestTimeoutMs,
        wallNow: () => CLOCK_EPOCH + clock.now() - world.wallBackMs,
      })
    : null;
  if (other) faultCounts['other-file-open'] = 1;
  let frame = buildFrame(world, 0);
  fake.currentPage.selection = [frame];
  let session = openSession(world, hooks);
  await session.readyAsync();

  try {
    for (const [index, job] of schedule.jobs.entries()) {
      const where = `seed ${schedule.seed}, job ${index + 1} (${job.engine}; ${job.faults.map(faultLabel).join(', ') || 'no faults'})`;
      if (frame.removed || index > 0) frame = buildFrame(world, index);
      await selectAsync(session, frame);

      const prompt = `chaos ${schedule.seed}/${index}`;
      const failure = job.faults.find((f): f is Extract<Fault, { kind: 'task-outcome' }> => f.kind === 'task-outcome');
      if (failure) network.fake.controls.setScenario(prompt, failure.outcome);
      session.saveSettings(settingsFor(job, prompt));
      await session.controller.whenIdleAsync();

      let documentBefore = picture();
      const frameDataBefore = frame.pluginData.get('outpaint');
      const acceptedBefore = network.fake.state.tasksSubmittedByKey(CHAOS_KEY);
      network.arm(job.faults);
      let closeNow: () => void = () => undefined;
      const closedSignal = new Promise<void>((resolve) => (closeNow = resolve));
      const jobFrame = frame;
      const current: JobHooks = {
        fired: [],
        target: null,
        refuseCreateImage: job.faults.some((f) => f.kind === 'write-refused'),
        slowWrite: false,
        closed: null,
        designerEdited: () => {
          documentBefore = picture();
        },
        onStage: (stage) => {
          for (const fault of job.faults) {
            if (!('at' in fault) || fault.at !== stage || current.fired.includes(fault.kind)) continue;
            current.fired.push(fault.kind);
            switch (fault.kind) {
              case 'plugin-reopened':
                current.closed = session.closeAsync();
                closeNow();
                break;
              case 'node-deleted':
                if (!jobFrame.removed) jobFrame.remove();
                current.designerEdited();
                break;
              case 'node-resized':
                if (!jobFrame.removed) {
                  jobFrame.resize(FRAME.width + 40, FRAME.height);
                  current.designerEdited();
                }
                break;
              case 'laptop-sleep':
                // FLUX's clock and the panel's move together: the task, its link and the polls all see the jump.
                world.clock.advance(fault.minutes * 60_000);
                break;
              case 'network-outage':
                network.setOffline(true);
                break;
              case 'storage-write-error':
                fake.clientStorage.failNextSet = new Error('clientStorage: the write could not be completed');
                break;
              case 'slow-write':
                current.slowWrite = true;
                break;
            }
          }
        },
      };
      hooks.current = current;

      const jobSession = session;
      const clicked = jobSession.runner.outpaintChosenAsync().then(() => 'finished' as const);
      const watchdog = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), watchdogMs).unref());
      let ended = await Promise.race([clicked, closedSignal.then(() => 'closed' as const), watchdog]);
      // A close at the job's last stage can land in the same turn as the click's end: the plugin is closed either way.
      if (current.closed) ended = 'closed';
      if (ended === 'hung')
        violations.push(`${where}: the job never finished (stage ${JSON.stringify(jobFooter(jobSession, jobFrame))})`);

      // "Try writing again" after a refused write, when the schedule says the designer clicks it.
      const refused = job.faults.find(
        (f): f is Extract<Fault, { kind: 'write-refused' }> => f.kind === 'write-refused',
      );
      const afterClick = jobFooter(jobSession, jobFrame);
      if (ended === 'finished' && refused?.retry && afterClick.phase === 'failed' && afterClick.held) {
        await jobSession.runner.retryAsync(afterClick.rowId);
      }
      // The network comes back after an outage longer than any budget; the row offers "Check again", and the
      // designer presses it: it polls the kept task, never submits again.
      network.setOffline(false);
      fake.clientStorage.failNextSet = null;
      const waiting = jobFooter(jobSession, jobFrame);
      if (ended === 'finished' && current.fired.includes('network-outage') && waiting.phase === 'failed') {
        if (waiting.awaitingCheck) {
          // The check may reach a stage where the schedule closes the plugin.
          const checked = jobSession.runner.retryAsync(waiting.rowId).then(() => 'finished' as const);
          ended = await Promise.race([checked, closedSignal.then(() => 'closed' as const), watchdog]);
          if (current.closed) ended = 'closed';
        } else
          violations.push(`${where}: after a long outage the row does not offer Check again (${waiting.error.code})`);
      }

      // Late work lands before the verdict: a write Figma confirms after the panel's timeout (slow-write) still
      // writes, and may reach the stage where the schedule closes the plugin.
      if (ended === 'finished' && session.alive) {
        await network.drainAsync();
        await session.settleAsync();
      }
      if (current.closed) ended = 'closed';
      if (ended === 'closed') {
        await current.closed;
        await network.drainAsync();
        const reopen = job.faults.find(
          (f): f is Extract<Fault, { kind: 'plugin-reopened' }> => f.kind === 'plugin-reopened',
        );
        // Read behind Figma's back: the plugin is closed, and this look must not count as one of its reads.
        const stored: unknown = structuredClone(fake.clientStorage.backing.entries.get(JOBS_KEY));
        const storedCount = Array.isArray(stored) ? stored.length : 0;
        // The other file's panel, opened while these tasks wait: it says where they wait and leaves them alone.
        if (other) {
          await other.reopenAsync();
          // What the other file may mention: accepted tasks whose results can still be fetched.
          const wallNow = CLOCK_EPOCH + clock.now() - world.wallBackMs;
          const tasks = Array.isArray(stored)
            ? stored.filter(
                (job: { pending?: boolean; submittedAt: number }) =>
                  job.pending !== true && wallNow - job.submittedAt < RESULT_LIFETIME_MS,
              )
            : [];
          if (tasks.length > 0 && other.waitingElsewhere() === 0)
            violations.push(`${where}: the other file's panel did not say that paid results wait in another file`);
        }
        if (reopen && reopen.clockBackS > 0) {
          world.wallBackMs += reopen.clockBackS * 1000;
          current.fired.push('clock-stepped-back');
        }
        if (reopen?.readFails && storedCount > 0) {
          // This opening cannot read the saved tasks: it must say so and leave them stored for the next one.
          current.fired.push('storage-read-error');
          fake.clientStorage.failNextGetOf = { key: JOBS_KEY, error: new Error('clientStorage: the read failed') };
          const notesBefore = fake.notifications.length;
          fake.closed = false;
          session = openSession(world, hooks);
          await session.readyAsync();
          const said = await waitForAsync(
            () =>
              fake.notifications
                .slice(notesBefore)
                .some((note) => note.message === CONTROLLER_MESSAGES.ledgerUnreadable && note.error),
            30_000, // generous real time: the sandbox answers after the selection report
          );
          if (!said) violations.push(`${where}: an opening that could not read the saved tasks did not say so`);
          await session.settleAsync();
          const after: unknown = fake.clientStorage.backing.entries.get(JOBS_KEY);
          if (JSON.stringify(after) !== JSON.stringify(stored))
            violations.push(`${where}: an opening that could not read the saved tasks changed them`);
          await session.closeAsync();
          await network.drainAsync();
        }
        // Reopened: the same document and clientStorage, a new sandbox and a new UI.
        fake.closed = false;
        session = openSession(world, hooks);
        await session.readyAsync();
        // The sandbox lists saved tasks after the selection report; on a loaded machine that can take a while.
        if (Array.isArray(stored) && stored.length > 0 && !(await session.receivedAsync('jobs/saved', 10_000))) {
          violations.push(`${where}: the reopened plugin never offered its ${stored.length} saved task(s)`);
        }
        // The reopened panel resumes saved tasks (ui/jobs/job-engine.ts); let that finish before judging.
        await session.settleAsync();
      }
      await network.drainAsync();
      await session.controller.whenIdleAsync();
      hooks.current = null;

      // ----- invariants -----
      const accepted = network.fake.state.tasksSubmittedByKey(CHAOS_KEY) - acceptedBefore;
      if (accepted > 1) {
        doubleSubmits += accepted - 1;
        violations.push(`${where}: one click submitted ${accepted} tasks`);
      }
      const state = jobFooter(jobSession, jobFrame);
      const jobId = jobRow(jobSession, jobFrame)?.jobId ?? null;
      // A resumed job may write under the saved job's id; a result new on this frame counts as written.
      const resumedWrite = (): { hash: string; nodeId: string } | null => {
        const data = jobFrame.pluginData.get('outpaint');
        if (ended !== 'closed' || data === undefined || data === frameDataBefore) return null;
        const hash: unknown = (JSON.parse(data) as { imageHash?: unknown }).imageHash;
        return typeof hash === 'string' ? { hash, nodeId: jobFrame.id } : null;
      };
      const written = (jobId === null ? null : findWrittenImage(fake, jobId, jobFrame)) ?? resumedWrite();
      const documentNow = picture();
      let outcome: JobOutcome;
      let code: string | null = null;
      let message: string | null = null;
      if (ended === 'closed') {
        // After a reopen the saved task lives on as a resumed queue row: judge the job by that row.
        const resumed = session.store
          .getState()
          .batch.rows.filter((r) => r.nodeId === jobFrame.id && r.resumed)
          .pop();
        if (written) outcome = 'written';
        else if (accepted === 0) outcome = 'closed-before-task';
        else if (resumed?.status === 'choosing') outcome = 'offered-again';
        // A task past its provider's window comes back as a stale row that says so: reported, not lost.
        else if ((resumed?.status === 'failed' || resumed?.status === 'stale') && resumed.error) {
          outcome = 'reported';
          code = resumed.error.code;
          message = resumed.error.message;
        } else outcome = 'lost-on-close';
      } else if (state.phase === 'done') {
        outcome = state.outcome.kind === 'written' ? 'written' : 'placed-beside';
        if (!written) violations.push(`${where}: the panel says written but the document holds no result`);
      } else if (state.phase === 'failed') {
        // A held result (write again) or a kept paid task (check again) is offered, not lost.
        outcome = state.held || state.awaitingCheck ? 'offered-again' : 'reported';
        code = state.error.code;
        const shown = state.error.message;
        message = shown;
        if (shown.trim() === '' || shown.length > NOTIFY_MAX_CHARS)
          violations.push(`${where}: error message "${shown}" is empty or over 100 characters`);
      } else if (state.phase === 'idle') {
        outcome = 'not-started';
        message = runBlocker(jobSession.store.getState());
        if (accepted > 0) violations.push(`${where}: a task was submitted for a job that never started`);
      } else {
        outcome = 'reported';
        if (ended !== 'hung') violations.push(`${where}: the job is still ${state.phase} after its click returned`);
      }
      if (outcome !== 'written' && outcome !== 'placed-beside' && documentNow !== documentBefore) {
        unintended += 1;
        violations.push(
          `${where}: the document changed although the job ended ${outcome} (${code ?? ''}): ${firstDifference(documentBefore, documentNow)}`,
        );
      }
      if (written && current.target) {
        const bytes = fake.imageBytes(written.hash);
        const problem = bytes
          ? originalKeptExactly(world.source, bytes, current.target)
          : 'the written image hash has no bytes';
        if (problem) violations.push(`${where}: ${problem}`);
      }
      for (const label of [...network.fired(), ...current.fired]) faultCounts[label] = (faultCounts[label] ?? 0) + 1;
      if (outcome === 'offered-again' || outcome === 'lost-on-close') openFrames.add(jobFrame.id);
      jobs.push({ engine: job.engine, outcome, code, message, acceptedTasks: accepted });
    }

    await session.settleAsync();
    const maxInFlight = network.fake.state.maxActiveObserved;
    if (maxInFlight > API_MAX_ACTIVE_TASKS)
      violations.push(`seed ${schedule.seed}: ${maxInFlight} tasks were active at once (ceiling 24)`);
    for (const reason of unhandled) {
      violations.push(
        `seed ${schedule.seed}: unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`,
      );
    }
    for (const error of session.protocolErrors) violations.push(`seed ${schedule.seed}: ${error}`);
    for (const problem of other?.violations() ?? []) violations.push(`seed ${schedule.seed}: ${problem}`);
    for (const warning of session.warnings) {
      if (warning.includes('notify message is')) violations.push(`seed ${schedule.seed}: ${warning}`);
    }
    return {
      seed: schedule.seed,
      faults: faultCounts,
      jobs,
      violations,
      doubleSubmits,
      unintendedDocumentChanges: unintended,
      maxInFlight,
    };
  } finally {
    await session.closeAsync().catch(() => undefined);
    await other?.closeAsync().catch(() => undefined);
    await network.drainAsync();
    await network.closeAsync();
    process.off('unhandledRejection', onUnhandled);
  }
}
