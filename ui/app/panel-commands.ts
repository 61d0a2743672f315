// The effects a component may ask for. Components render state and dispatch actions; anything that
// talks to the sandbox, the API or the pipeline goes through these.
import type { Settings } from '../../common/settings';

export interface PanelCommands {
  outpaint(): void;
  cancel(): void;
  /** Writes the footer job's held result again (the same bytes, nothing paid twice). */
  retryWrite(): void;
  /** Polls the footer job's paid FLUX task again; never submits it again. */
  checkAgain(): void;
  /** Applies a change in Settings at once and posts 'settings/save'; the sandbox keeps it in figma.clientStorage. */
  editSettings(patch: Partial<Settings>): void;
}
