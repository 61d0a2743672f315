// What the sandbox's parts share (plugin/controller.ts wires them): the figma API, the one way to post to the
// panel, work tracking (so tests and shutdown can wait for it), timers and warnings.
import type { SandboxMessage } from '../common/protocol/messages';
import type { SandboxFigma } from './sandbox-figma';

export interface Scheduled {
  cancel(): void;
}

export interface SandboxContext {
  readonly figma: SandboxFigma;
  /** Posts to the panel unless the plugin was closed. */
  post(message: SandboxMessage): void;
  /** Runs work in the background; its failure is a warning, and whenIdleAsync waits for it. */
  track(work: Promise<void>): void;
  isDisposed(): boolean;
  /** setTimeout-like; Figma's sandbox has setTimeout (cancelled by closePlugin). */
  schedule(callback: () => void, ms: number): Scheduled;
  warn(message: string): void;
}
