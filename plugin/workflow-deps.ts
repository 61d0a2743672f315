// What the variants and extend-artboard workflows need from the controller: the figma API and its planner, so they
// re-plan the node exactly as a job would.
import type { AppError } from '../common/protocol/errors';
import type { Target } from '../common/selection/report';
import type { SandboxFigma, SandboxNode } from './sandbox-figma';

export type PlannedNodeResult = { ok: true; target: Target; node?: SandboxNode } | { ok: false; error: AppError };

export interface WorkflowDeps {
  figma: SandboxFigma;
  planNodeAsync(nodeId: string): Promise<PlannedNodeResult>;
  warn(message: string): void;
}
