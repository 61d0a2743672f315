// Runs one seeded queue (many frames, candidates) through the real batch runner, sandbox controller and job
// store, FLUX client, proxy and strict fake, maybe closing the plugin after the n-th saved task and reopening
// it. Invariants: every saved task's frame ends written, offered (candidates to choose), or reported; no
// frame is submitted more often than it has candidates; a reopened plugin resumes without submitting again;
// frames without a written result are unchanged; the 24-task ceiling holds; no unhandled rejection.
import { readSavedJobList } from '../../common/batch/parse-saved-job';
import { NOTIFY_MAX_CHARS } from '../../common/protocol/errors';
import type { Target } from '../../common/selection/report';
import { DEFAULT_SETTINGS } from '../../common/settings';
import { SETTINGS_KEY } from '../../plugin/controller';
import { JOBS_KEY } from '../../plugin/job-store';
import { ACTIVE_STATUSES, type BatchRow } from '../../ui/batch/batch-state';
import { batchBlocker } from '../../ui/batch/batch-selectors';
import { makeReferencePngAsync } from '../fake-bfl/test-images';
import { createFigmaFake, imagePaint, type FakeNode } from '../fakes/figma-fake';
import { describeDocument } from '../plugin/controller-harness';
import { createNodePixelPipeline } from '../support/node-pixel-pipeline';
import { CHAOS_KEY, PROXY_ORIGIN, startChaosNetworkAsync } from './chaos-network';
import { openPluginSession, type PluginSession } from './plugin-session';
import { findWrittenImage, originalKeptExactly, type JobOutcome, type JobReport, type RunReport } from './run-schedule';
import { faultLabel, type BatchSchedule } from './schedule';
import { createVirtualClock } from './virtual-clock';
import { waitForAsync } from '../support/wait-for';

const API_MAX_ACTIVE_TASKS = 24;
const slotKey = (job: { jobId: string; candidate: number }): string => `${job.jobId}#${job.candidate}`;
async function settleQueueAsync(session: PluginSession): Promise<void> {
  // Resumed rows are added when 'jobs/saved' arrives: wait until nothing moves, by condition (plugin-session.ts).
  await session.settleAsync();
}

function outcomeOf(row: BatchRow | undefined, written: boolean): JobOutcome {
  if (written) return row?.outcome?.kind === 'placed-beside' ? 'placed-beside' : 'written';
  if (!row) return 'lost-on-close';
  // Candidates to choose from, or a kept paid task whose row offers "Check again": offered, not lost.
  if (row.status === 'choosing' || row.awaitingCheck) return 'offered-again';
  if (row.status === 'skipped') return 'not-started';
  return 'reported';
}

export async function runBatchScheduleAsync(
  schedule: BatchSchedule,
  options: { requestTimeoutMs?: number; watchdogMs?: number } = {},
): Promise<RunReport> {
  const violations: string[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const where = `batch seed ${schedule.seed} (${schedule.frames} frames × ${schedule.candidates}, concurrency ${schedule.concurrency}; ${
    schedule.faults.map(faultLabel).join(', ') || 'no faults'
  }${schedule.closeAfterSaves === null ? '' : `; closed after save ${schedule.closeAfterSaves} was ${schedule.closeWhen}`})`;

  const clock = createVirtualClock();
  const network = await startChaosNetworkAsync(clock, { retryAfterSeconds: schedule.seed % 2 === 0 ? null : 1 });
  const fake = createFigmaFake();
  const { png } = await makeReferencePngAsync(72, 64);
  const hash = fake.storeImage(png);
  const pipeline = createNodePixelPipeline();
  let nextId = 0;
  /** Frames whose task the sandbox's job store held when the plugin closed. */
  const savedFrames = new Set<string>();
  const targets = new Map<string, Target>();
  let closeNow: (() => void) | null = null;
  let session: PluginSession | null = null;
  let saves = 0;
  let storedSaves = 0;
  /** "Submit pending" markers posted (task slot → frame), and the frames whose marker the sandbox said it stored. */
  const markerFrames = new Map<string, string>();
  const storedMarkerFrames = new Set<string>();
  /** Accepted tasks whose submit answer reached the panel (its record was posted): task id → frame. */
  const recordFrames = new Map<string, string>();
  /** Task slots (frame job × candidate) that a posted record or a marker left at the close accounts for. */
  const answeredSlots = new Set<string>();

  const open = (): PluginSession =>
    openPluginSession(
      fake,
      {
        clock,
        fetch: network.uiFetch,
        pipeline,
        requestTimeoutMs: options.requestTimeoutMs ?? 250,
        writeTimeoutMs: 5_000,
        newJobId: () => `b-${(nextId += 1)}`,
      },
      {
        onPost: (message) => {
          if (message.type !== 'job/save') return;
          // Records asked for together travel in one message (ui/jobs/sandbox-requests.ts); each counts alone.
          for (const job of message.jobs) {
            if (job.pending === true) {
              markerFrames.set(job.taskId, job.target.nodeId);
              continue;
            }
            // Counted in accepted tasks' records only, so the close points stay where the schedules put them.
            saves += 1;
            recordFrames.set(job.taskId, job.target.nodeId);
            answeredSlots.add(slotKey(job));
            if (saves !== schedule.closeAfterSaves) continue;
            // 'unsent' closes before the session hands the message over; 'posted' a moment after it went out, when
            // the sandbox may or may not have stored it (clientStorage is async).
            if (schedule.closeWhen === 'unsent') closeNow?.();
            else if (schedule.closeWhen === 'posted') setTimeout(() => closeNow?.(), 2);
          }
        },
        onSandboxMessage: (message) => {
          if (message.type === 'job/started') targets.set(message.target.nodeId, message.target);
          if (message.type !== 'job/stored' || !message.stored) return;
          const markerFrame = markerFrames.get(message.taskId);
          if (markerFrame !== undefined) {
            storedMarkerFrames.add(markerFrame);
            return;
          }
          // The job store writes one change after another, so the n-th record stored means all n before it are.
          storedSaves += 1;
          if (schedule.closeWhen === 'stored' && storedSaves === schedule.closeAfterSaves) closeNow?.();
        },
      },
    );

  try {
    const frames: FakeNode[] = Array.from({ length: schedule.frames }, (_, i) =>
      fake.build({ name: `Card ${i}`, x: i * 200, width: 128, height: 64, fills: [imagePaint(hash, 'FIT')] }),
    );
    fake.currentPage.selection = frames;
    await fake.clientStorage.setAsync(SETTINGS_KEY, {
      ...DEFAULT_SETTINGS,
      engine: 'flux',
      endpoint: PROXY_ORIGIN,
      apiKey: CHAOS_KEY,
      concurrency: schedule.concurrency,
      prompt: `batch ${schedule.seed}`,
    });
    const first = open();
    session = first;
    await first.readyAsync();
    // As a designer would: press Run once the panel enables it (settings, selection and image bytes arrived).
    await waitForAsync(() => batchBlocker(first.store.getState()) === null, 60_000);
    const blocker = batchBlocker(first.store.getState());
    if (blocker !== null) violations.push(`${where}: the queue could not start: ${blocker}`);
    first.store.dispatch({ type: 'batch', action: { type: 'candidates/set', count: schedule.candidates } });
    const before = new Map(frames.map((f) => [f.id, JSON.stringify(describeDocument(f))]));
    network.arm(schedule.faults);

    const closed = new Promise<'closed'>((resolve) => {
      closeNow = () => {
        closeNow = null;
        void first.closeAsync();
        resolve('closed');
      };
    });
    const ran = first.batch
      .outpaintSelectionAsync()
      .then(() => first.batch.whenIdleAsync())
      .then(() => 'ran' as const);
    const watchdog = new Promise<'hung'>((resolve) =>
      setTimeout(() => resolve('hung'), options.watchdogMs ?? 30_000).unref(),
    );
    let ended = await Promise.race([ran, closed, watchdog]);
    // The close fired (closeNow cleared) in the turn the queue finished: the plugin is closed either way. Once the
    // queue has finished, the schedule's close is off: a late "stored" answer must not close the file being judged.
    if (closeNow === null && ended === 'ran') ended = 'closed';
    closeNow = null;
    if (ended === 'hung') violations.push(`${where}: the queue never finished`);
    let last = first;
    if (ended === 'closed') await first.closeAsync();
    await network.drainAsync();
    const acceptedBeforeReopen = network.fake.state.tasksSubmittedByKey(CHAOS_KEY);
    if (ended === 'closed') {
      fake.closed = false;
      const stored: unknown = await fake.clientStorage.getAsync(JOBS_KEY);
      const storedList: unknown[] = Array.isArray(stored) ? stored : [];
      // A marker left at the close is reported on reopening: its slot's task, if FLUX made one, is told.
      for (const job of readSavedJobList(stored)) if (job.pending === true) answeredSlots.add(slotKey(job));
      for (const job of storedList) {
        const nodeId: unknown =
          typeof job === 'object' &&
          job !== null &&
          'target' in job &&
          typeof job.target === 'object' &&
          job.target !== null &&
          'nodeId' in job.target
            ? job.target.nodeId
            : null;
        if (typeof nodeId === 'string') savedFrames.add(nodeId);
      }
      last = open();
      session = last;
      await last.readyAsync();
      // The sandbox lists saved tasks after the selection report; on a loaded machine that can take a while.
      if (storedList.length > 0 && !(await last.receivedAsync('jobs/saved', 10_000))) {
        violations.push(`${where}: the reopened plugin never offered its ${storedList.length} saved task(s)`);
      }
    }
    await settleQueueAsync(last);
    if (schedule.apply) {
      for (const row of last.store.getState().batch.rows)
        if (row.status === 'choosing') await last.batch.applyAsync(row.rowId, 0);
      await settleQueueAsync(last);
    }
    await network.drainAsync();

    // ----- invariants -----
    const accepted = network.fake.state.tasksSubmittedByKey(CHAOS_KEY);
    const doubleSubmits = Math.max(0, accepted - schedule.frames * schedule.candidates);
    if (doubleSubmits > 0)
      violations.push(`${where}: ${accepted} tasks for ${schedule.frames} frames × ${schedule.candidates} candidates`);
    if (ended === 'closed' && accepted > acceptedBeforeReopen) {
      violations.push(
        `${where}: the reopened plugin submitted ${accepted - acceptedBeforeReopen} new task(s) instead of resuming`,
      );
    }
    const rows = last.store.getState().batch.rows;
    // Frames the closed panel finished (written and forgotten) have no row in the reopened one.
    const firstRows = last === first ? [] : first.store.getState().batch.rows;
    const jobs: JobReport[] = [];
    // Tasks FLUX accepted whose submit answer died with the panel and left no marker (nothing can recover them;
    // BFL has no way to list tasks). Frames beyond this count never had a task.
    let paidUnsaved = ended === 'closed' ? Math.max(0, acceptedBeforeReopen - answeredSlots.size) : 0;
    const framesWithRecord = new Set(recordFrames.values());
    let unintended = 0;
    for (const frame of frames) {
      const row = rows.find((r) => r.nodeId === frame.id);
      if (row && ACTIVE_STATUSES.has(row.status)) violations.push(`${where}: ${frame.name} is still ${row.status}`);
      // The document is the judge: a frame the closed panel wrote counts as written even if its row never
      // heard the sandbox's confirmation before the close.
      const firstRow = row ? undefined : firstRows.find((r) => r.nodeId === frame.id);
      const writtenByFirst = firstRow?.jobId ? findWrittenImage(fake, firstRow.jobId, frame) : null;
      // A frame the closed panel had already reported (failed, expired) was told to the designer; it is not lost.
      const reportedByFirst = firstRow?.status === 'failed' || firstRow?.status === 'stale';
      const writtenBy = writtenByFirst || reportedByFirst ? firstRow : row;
      const written = writtenByFirst ?? (row?.jobId ? findWrittenImage(fake, row.jobId, frame) : null);
      let outcome = outcomeOf(writtenBy, written !== null);
      if (!row && ended !== 'closed') violations.push(`${where}: ${frame.name} was never queued`);
      if (outcome === 'lost-on-close' && savedFrames.has(frame.id))
        violations.push(`${where}: ${frame.name} had a saved task but no row after reopening`);
      // Every submit waits for its marker (ui/jobs/submit-marker.ts): a task accepted after that is never silent.
      else if (outcome === 'lost-on-close' && storedMarkerFrames.has(frame.id))
        violations.push(`${where}: ${frame.name} was paid after its marker was stored, yet lost on close`);
      if (outcome === 'lost-on-close' && !framesWithRecord.has(frame.id)) {
        if (paidUnsaved > 0) paidUnsaved -= 1;
        else outcome = 'closed-before-task';
      }
      if (row?.status === 'failed' || row?.status === 'stale') {
        const message = row.error?.message ?? '';
        if (message.trim() === '' || message.length > NOTIFY_MAX_CHARS)
          violations.push(`${where}: ${frame.name} failed with message "${message}"`);
      }
      if (!written && JSON.stringify(describeDocument(frame)) !== before.get(frame.id)) {
        unintended += 1;
        violations.push(`${where}: ${frame.name} changed although nothing was written`);
      }
      const target = targets.get(frame.id);
      if (written && target) {
        const bytes = fake.imageBytes(written.hash);
        const problem = bytes ? originalKeptExactly(png, bytes, target) : 'the written image has no bytes';
        if (problem) violations.push(`${where}: ${frame.name}: ${problem}`);
      }
      jobs.push({
        engine: 'flux',
        outcome,
        code: writtenBy?.error?.code ?? null,
        message: writtenBy?.error?.message ?? null,
        acceptedTasks: 0,
      });
    }
    const maxInFlight = network.fake.state.maxActiveObserved;
    const fired = network.fired();
    // A submit whose answer was lost (5xx after acceptance, dropped, unreadable) leaves a task running at BFL that
    // the runner cannot know of, so it frees the slot; BFL's own ceiling of 24 still holds (docs/bfl-api.md, Rate limits and concurrency).
    const unknownTasks = fired.filter((label) => label.endsWith('/submit') && !label.startsWith('429')).length;
    if (maxInFlight > Math.min(API_MAX_ACTIVE_TASKS, schedule.concurrency + unknownTasks)) {
      violations.push(
        `${where}: ${maxInFlight} tasks active at once (concurrency ${schedule.concurrency}, ceiling 24)`,
      );
    }
    for (const reason of unhandled)
      violations.push(`${where}: unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`);
    for (const error of [...first.protocolErrors, ...last.protocolErrors]) violations.push(`${where}: ${error}`);
    const faults: Record<string, number> = {};
    for (const label of fired) faults[label] = (faults[label] ?? 0) + 1;
    if (ended === 'closed') faults['plugin-reopened'] = 1;
    return {
      seed: schedule.seed,
      faults,
      jobs,
      violations,
      doubleSubmits,
      unintendedDocumentChanges: unintended,
      maxInFlight,
    };
  } finally {
    await session?.closeAsync().catch(() => undefined);
    await network.drainAsync();
    await network.closeAsync();
    process.off('unhandledRejection', onUnhandled);
  }
}
