// A second file open on the same computer, with the plugin's panel open in it. Figma keeps clientStorage per plugin
// and per computer, not per file (https://developers.figma.com/docs/plugins/api/figma-clientStorage/), so this panel
// reads and writes the very entries the file under test keeps its paid tasks in. It must never resume, fetch or
// write them: at most it says that paid results wait in another file (README, "Paid results and files").
import type { UiMessage } from '../../common/protocol/messages';
import { makeReferencePngAsync } from '../fake-bfl/test-images';
import { createFigmaFake, imagePaint, type ClientStorageBacking } from '../fakes/figma-fake';
import { describeDocument } from '../plugin/controller-harness';
import type { PixelPipelinePort } from '../../ui/jobs/job-ports';
import { openPluginSession, type PluginSession } from './plugin-session';
import type { VirtualClock } from './virtual-clock';

export interface OtherFile {
  /** Closes its panel and opens it again: an opening panel reads the ledger. */
  reopenAsync(): Promise<void>;
  /** Files the panel says paid results are waiting in. */
  waitingElsewhere(): number;
  /** What the panel did that it must never do, in words (empty when it kept out). */
  violations(): string[];
  closeAsync(): Promise<void>;
}

/** Messages that would act on a paid task or the document. */
const ACTING: ReadonlySet<UiMessage['type']> = new Set(['job/start', 'job/resume', 'job/result', 'job/forget']);

export async function openOtherFileAsync(
  storage: ClientStorageBacking,
  io: { clock: VirtualClock; pipeline: PixelPipelinePort; requestTimeoutMs: number; wallNow(): number },
): Promise<OtherFile> {
  const fake = createFigmaFake({ storage, fileName: 'Other file' });
  const { png } = await makeReferencePngAsync(40, 40);
  const frame = fake.build({
    name: 'Other hero',
    width: 80,
    height: 40,
    fills: [imagePaint(fake.storeImage(png), 'FIT')],
  });
  fake.currentPage.selection = [frame];
  const picture = (): string => JSON.stringify(fake.currentPage.children.map((node) => describeDocument(node)));
  const before = picture();
  const found: string[] = [];
  let nextJob = 0;

  const open = (): PluginSession =>
    openPluginSession(
      fake,
      {
        clock: io.clock,
        // Nothing of the other file's may reach FLUX: every request is refused and, unless it only asks for the
        // account's credits, counted as a violation.
        fetch: (url) => {
          if (!new URL(url).pathname.endsWith('/credits')) found.push(`the other file's panel requested ${url}`);
          return Promise.reject(new TypeError('fetch failed'));
        },
        pipeline: io.pipeline,
        requestTimeoutMs: io.requestTimeoutMs,
        writeTimeoutMs: 5_000,
        wallNow: io.wallNow,
        newJobId: () => `other-${(nextJob += 1)}`,
      },
      {
        onPost: (message) => {
          if (ACTING.has(message.type)) found.push(`the other file's panel posted ${message.type}`);
        },
        onSandboxMessage: (message) => {
          if (message.type === 'jobs/saved' && message.jobs.length > 0)
            found.push(`the other file's panel was offered ${message.jobs.length} task(s) of another file`);
        },
      },
    );

  let session = open();
  await session.readyAsync();
  return {
    async reopenAsync() {
      await session.closeAsync();
      fake.closed = false;
      session = open();
      await session.readyAsync();
      await session.settleAsync();
    },
    waitingElsewhere: () => session.store.getState().batch.elsewhere.length,
    violations() {
      const now = picture();
      return now === before ? [...found] : [...found, "the other file's document changed"];
    },
    closeAsync: () => session.closeAsync(),
  };
}
