// One plugin session running the single-frame job runner (the footer's Outpaint) against the real sandbox
// controller on the typed figma fake and the real FLUX client on the strict fake BFL server. Messages cross the
// bridge structured-cloned and parsed, as in Figma. Pair it with openPanelAsync (ui/batch harness) for the
// reopened plugin: the queue's runner is what resumes saved jobs.
import { SETTINGS_KEY, type Controller } from '../../../../plugin/controller';
import { createTestController } from '../../../plugin/controller-harness';
import { parseSandboxMessage } from '../../../../common/protocol/parse-sandbox-message';
import type { SandboxMessage, UiMessage } from '../../../../common/protocol/messages';
import type { Settings } from '../../../../common/settings';
import { createBflClient } from '../../../../ui/api/bfl-client';
import { createFluxClientPort } from '../../../../ui/app/flux-client-adapter';
import { handleSandboxMessage } from '../../../../ui/app/handle-sandbox-message';
import { createImageBytesCache } from '../../../../ui/job/image-bytes-cache';
import { createJobRunner, type JobRunner } from '../../../../ui/job/job-runner';
import { createAppStore, type AppStore } from '../../../../ui/state/app-store';
import type { FigmaFake } from '../../../fakes/figma-fake';
import { realSleepAsync } from '../../../fake-bfl/test-images';
import { PassThroughPipeline, waitForAsync } from '../../batch/support/batch-harness';

export interface SingleJobSession {
  store: AppStore;
  runner: JobRunner;
  controller: Controller;
  /** Every message the UI sent, in order. */
  sent: UiMessage[];
  /** The plugin closes: the bridge is cut first (a closed UI says nothing more), then the sandbox is disposed. */
  close(): void;
}

export async function openSingleJobPanelAsync(fake: FigmaFake, settings: Settings): Promise<SingleJobSession> {
  await fake.clientStorage.setAsync(SETTINGS_KEY, settings);
  const store = createAppStore();
  const images = createImageBytesCache();
  const sent: UiMessage[] = [];
  let closed = false;
  let ids = 0;
  const controller = createTestController(fake);
  const post = (message: UiMessage): void => {
    if (closed) return;
    sent.push(message);
    void fake.ui.sendFromUi(structuredClone(message));
  };
  const runner = createJobRunner({
    getState: store.getState,
    dispatch: store.dispatch,
    post,
    images,
    pipeline: new PassThroughPipeline(),
    createFluxClient: (s) =>
      createFluxClientPort(s, createBflClient, {
        fetch: (url, init) => fetch(url, init),
        now: () => Date.now(),
        sleepAsync: realSleepAsync,
      }),
    now: () => new Date(),
    newJobId: () => `single-${(ids += 1)}`,
    seed: () => 1,
    sleepAsync: realSleepAsync,
  });
  const original = fake.ui.postMessage.bind(fake.ui);
  fake.ui.postMessage = (raw: unknown): void => {
    original(raw);
    if (closed) return;
    const parsed = parseSandboxMessage(structuredClone(raw));
    if (!parsed.ok) throw new Error(`invalid sandbox message: ${parsed.error.message}`);
    const message: SandboxMessage = parsed.message;
    queueMicrotask(() => {
      if (closed) return;
      handleSandboxMessage(message, {
        dispatch: store.dispatch,
        images,
        runner,
        formatOf: () => 'png',
        makePreviewUrl: () => 'blob:source',
      });
    });
  };
  post({ type: 'ui/ready' });
  await waitForAsync(() => store.getState().settingsLoaded && store.getState().selection !== null, 'settings and selection');
  return {
    store,
    runner,
    controller,
    sent,
    close() {
      closed = true;
      // A closed panel's code stops: abort its requests so nothing of the old session reaches the fake server.
      runner.cancel();
      fake.ui.postMessage = original;
      controller.dispose();
    },
  };
}
