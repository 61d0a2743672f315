// The UI iframe's entry: wires the store, the sandbox messaging, the job engine and the panel.
import { render } from 'preact';
import { parseSandboxMessage } from '../common/protocol/parse-sandbox-message';
import type { ImageFormat } from '../common/selection/report';
import { createBflClient } from './api/bfl-client';
import { createPollNudge } from './api/poll-nudge';
import { createTaskLimiter } from './api/task-limiter';
import { handleSandboxMessage } from './app/handle-sandbox-message';
import { imageDecodesAsync } from './app/image-decodes';
import { createPanelCommands } from './app/create-panel-commands';
import { createPipelinePort } from './app/pipeline-adapter';
import { createPixelPipeline } from './pixels/pixel-pipeline';
import { browserBlobImageLoadsAsync, createPreviewUrls } from './app/preview-url';
import { createDiagnostics } from './app/diagnostics';
import type { AppError } from '../common/protocol/errors';
import { randomId } from './app/random-id';
import { requestChosenImages } from './app/request-chosen-image';
import { announceReadyAsync } from './bridge/announce-ready';
import { createSandboxPoster, listenToSandbox } from './bridge/sandbox-bridge';
import { App } from './components/app';
import { createImageBytesCache } from './jobs/image-bytes-cache';
import { createJobEngine } from './jobs/job-engine';
import { createDraftRunner } from './jobs/draft-runner';
import { startBorderAssessor } from './app/border-assessor';
import { decodeForAssessmentAsync } from './app/assessment-pixels';
import { createFluxApi } from './jobs/flux-api';
import { createAppStore } from './state/app-store';
import { createWorkflowCommands } from './variants/workflow-commands';
import { createWorkflowStore } from './variants/workflow-store';
import { createBatchCommands } from './batch/batch-commands';
import './styles/panel.css';
import './styles/batch.css';

const store = createAppStore();
const post = createSandboxPoster(parent);
const images = createImageBytesCache();
const limiter = createTaskLimiter();
const sleepAsync = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
// What Settings → Diagnostics shows (ui/app/diagnostics.ts): facts of this iframe that no test outside Figma sees.
const diagnostics = createDiagnostics({ version: __OUTPAINT_VERSION__, secureContext: isSecureContext });
const previewUrls = createPreviewUrls({
  blobImageLoadsAsync: browserBlobImageLoadsAsync,
  onModeChange: (mode) => diagnostics.update({ previewUrls: mode }),
});
document.addEventListener('securitypolicyviolation', (event) => {
  diagnostics.recordViolation(event.effectiveDirective, event.blockedURI);
  // Only a refused blob: image matters to previews (a refused blob: worker is the pipeline's own fallback).
  if (event.effectiveDirective === 'img-src' && (event.blockedURI === 'blob' || event.blockedURI.startsWith('blob:')))
    previewUrls.blobRefused();
});
window.addEventListener('error', (event) =>
  diagnostics.recordError({ code: 'unexpected', message: String(event.message).slice(0, 200) }),
);
window.addEventListener('unhandledrejection', (event) => {
  const reason: unknown = event.reason;
  diagnostics.recordError({
    code: 'unexpected',
    message: (reason instanceof Error ? reason.message : String(reason)).slice(0, 200),
  });
});
const makePreviewUrl = previewUrls.make;
// The last error a designer saw, from any frame job, for Diagnostics.
const seenErrors = new WeakSet<AppError>();
store.subscribe(() => {
  const shown = store.getState().batch.rows.map((row) => row.error);
  for (const error of shown) {
    if (error === null || seenErrors.has(error)) continue;
    seenErrors.add(error);
    diagnostics.recordError(error);
  }
});
// One pixel pipeline (one worker) for the single job and the queue, started now so Diagnostics can say where it runs.
const pixelPipeline = createPixelPipeline();
const pipeline = createPipelinePort(pixelPipeline);
void pixelPipeline.statusAsync().then(
  ({ mode, exact }) =>
    diagnostics.update({ workerMode: mode, codecMode: exact ? 'wasm PNG (exact)' : 'canvas (fallback)' }),
  (error: unknown) =>
    diagnostics.recordError({ code: 'engine-failed', message: error instanceof Error ? error.message : String(error) }),
);

// The free offline draft shown while the footer's FLUX job works (ui/jobs/draft-runner.ts).
const drafts = createDraftRunner({
  getState: store.getState,
  dispatch: store.dispatch,
  pipeline,
  newId: () => randomId(),
  now: () => Date.now(),
  makePreviewUrl,
  revokePreviewUrl: previewUrls.revoke,
  seed: 1,
});

// One for the panel: a task seen Ready wakes the pollers of the tasks sent with it (ui/api/poll-nudge.ts).
const pollNudge = createPollNudge();

// The one job engine (ui/jobs/): the footer's Outpaint, the queue, variants, extend and resumed jobs.
const engine = createJobEngine({
  drafts,
  getState: store.getState,
  dispatch: store.dispatch,
  post,
  images,
  pipeline,
  createApi: (target) =>
    createFluxApi(target, createBflClient, {
      fetch: (url, init) => fetch(url, init),
      now: () => Date.now(),
      sleepAsync,
      pollNudge,
    }),
  limiter,
  now: () => Date.now(),
  newId: () => randomId(),
  seed: (candidate) => candidate + 1,
  sleepAsync,
  makePreviewUrl,
  revokePreviewUrl: previewUrls.revoke,
  passPixels: pixelPipeline,
});

// Variants, extend artboard and quick-action launches (ui/variants/): frames are made by the sandbox, then
// handed to the engine by node id.
const workflowStore = createWorkflowStore();
const workflows = {
  store: workflowStore,
  commands: createWorkflowCommands({
    store,
    workflow: workflowStore,
    post,
    outpaintNodesAsync: engine.outpaintNodesAsync,
    newId: () => randomId(),
  }),
};

const formatOf = (hash: string): ImageFormat =>
  store.getState().selection?.targets.find((t) => t.image.hash === hash)?.image.format ?? 'unknown';

// Before an offline run: which edges of the chosen frame are busy (ui/components/busy-border-notice.tsx).
startBorderAssessor({ store, images, decodeAsync: decodeForAssessmentAsync });

// Bytes for a target the designer picks in a multi-selection (the sandbox sends the first one by itself).
requestChosenImages(store, post);

let answered = false;
listenToSandbox(
  window,
  parseSandboxMessage,
  (message) => {
    answered = true;
    handleSandboxMessage(message, {
      dispatch: store.dispatch,
      images,
      engine,
      formatOf,
      makePreviewUrl,
      workflows: workflows.commands,
      imageDecodesAsync,
    });
  },
  (error) => console.warn(`Outpaint: ignored a message from the sandbox: ${error.message}`),
);

const root = document.getElementById('app');
if (root)
  render(
    <App
      store={store}
      commands={createPanelCommands(store, engine, post)}
      workflows={workflows}
      batch={createBatchCommands(engine)}
      diagnostics={diagnostics}
      drafts={drafts}
      runWithFlux={() => void engine.outpaintChosenAsync('flux')}
    />,
    root,
  );
// The sandbox waits for this before sending anything (docs/figma-plugin-api.md, Messaging between sandbox and UI).
void announceReadyAsync({ post, sleepAsync, answered: () => answered });
