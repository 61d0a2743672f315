// Runs the sandbox controller against the typed figma fake and reads back what it posted, through
// the protocol parser (so every message the controller sends is also checked for validity).
import { expect } from 'vitest';
import type { SandboxMessage, UiMessage } from '../../common/protocol/messages';
import { parseSandboxMessage } from '../../common/protocol/parse-sandbox-message';
import {
  createController,
  type Controller,
  type ControllerDeps,
  type Scheduled,
  type SelectionPlanner,
} from '../../plugin/controller';
import { createFigmaFake, type FakeNode, type FigmaFake } from '../fakes/figma-fake';
import { findImageHashes, planSelection } from '../../common/selection/plan-selection';
import { waitForAsync } from '../support/wait-for';

export interface Harness {
  fake: FigmaFake;
  controller: Controller;
  warnings: string[];
  /** Lets queued events, debounces and async work finish. */
  settleAsync(): Promise<void>;
  /** Lets work run until `condition` holds (fails the test after 10 s of real time). */
  settleUntilAsync(condition: () => boolean): Promise<void>;
  sendAsync(message: UiMessage | Record<string, unknown>): Promise<void>;
  /** Every message posted to the UI so far, parsed (fails the test on an invalid one). */
  posted(): SandboxMessage[];
  postedOfType<T extends SandboxMessage['type']>(type: T): Extract<SandboxMessage, { type: T }>[];
}

export function realTimers(): ControllerDeps['schedule'] {
  return (callback, ms): Scheduled => {
    const timer = setTimeout(callback, ms);
    return { cancel: () => clearTimeout(timer) };
  };
}

/** The sandbox controller as the tests run it: the real planner, real timers and a short selection debounce. */
export function createTestController(figma: ControllerDeps['figma'], over: Partial<ControllerDeps> = {}): Controller {
  return createController({
    figma,
    planner: { findImageHashes, planSelection },
    schedule: realTimers(),
    warn: () => undefined,
    selectionDebounceMs: 2,
    ...over,
  });
}

export function startHarness(
  options: {
    planner?: SelectionPlanner;
    schedule?: ControllerDeps['schedule'];
    fake?: FigmaFake;
    launch?: ControllerDeps['launch'];
  } = {},
): Harness {
  const fake = options.fake ?? createFigmaFake();
  const warnings: string[] = [];
  const controller = createTestController(fake, {
    warn: (message) => warnings.push(message),
    ...(options.planner ? { planner: options.planner } : {}),
    ...(options.schedule ? { schedule: options.schedule } : {}),
    ...(options.launch ? { launch: options.launch } : {}),
  });
  const posted = (): SandboxMessage[] =>
    fake.ui.outbox.map((raw) => {
      const parsed = parseSandboxMessage(raw);
      if (!parsed.ok) expect.fail(`controller posted an invalid message: ${parsed.error.message}`);
      return parsed.message;
    });
  return {
    fake,
    controller,
    warnings,
    async settleAsync() {
      // Idle twice in a row, a poll apart, with no selection event due: a condition, not a count of turns.
      let quietBefore = false;
      const settled = await waitForAsync(async () => {
        await controller.whenIdleAsync();
        const quiet = !fake.selectionEventDue;
        const twice = quiet && quietBefore;
        quietBefore = quiet;
        return twice;
      }, 10_000);
      if (!settled) expect.fail('the controller never settled');
    },
    async settleUntilAsync(condition) {
      if (!(await waitForAsync(condition, 10_000))) expect.fail('the controller never reached the expected state');
    },
    async sendAsync(message) {
      await fake.ui.sendFromUi(message);
      await this.settleAsync();
    },
    posted,
    postedOfType<T extends SandboxMessage['type']>(type: T) {
      return posted().filter((message): message is Extract<SandboxMessage, { type: T }> => message.type === type);
    },
  };
}

/**
 * The target names of each selection the panel was told about, a repeat in a row counted once: a selection is
 * answered from image sizes first, then once more when its first image's format and file size are known.
 */
export function distinctSelections(h: Pick<Harness, 'postedOfType'>): string[][] {
  const names = h.postedOfType('selection/changed').map((m) => m.selection.targets.map((t) => t.nodeName));
  return names.filter((list, i) => i === 0 || JSON.stringify(list) !== JSON.stringify(names[i - 1]));
}

/** A comparable picture of the page: every node's name, visibility, size, fills, plugin data and children. */
export function describeDocument(node: FakeNode): unknown {
  return {
    id: node.id,
    name: node.name,
    visible: node.visible,
    size: [node.width, node.height],
    transform: node.relativeTransform,
    fills: node.fills,
    pluginData: [...node.pluginData],
    relaunch: node.relaunchData,
    children: node.children.map(describeDocument),
  };
}
