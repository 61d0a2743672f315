// Derived views of AppState: which target runs, and why the Outpaint button is disabled when it is.
import type { Refusal, Target } from '../../common/selection/report';
import { appError } from '../../common/protocol/errors';
import type { Settings } from '../../common/settings';
import type { AppState } from './app-state';
import { footerJob } from './footer-job';

export const NOTHING_SELECTED = 'Select a frame with an image';
export const COVERED_HINT = 'This image already fills the frame — make the frame bigger or set the fill to Fit';
export const OFFLINE_NOTE = 'Good for skies, walls, backdrops and textures; it may repeat faces and objects';

export function chosenTarget(state: AppState): Target | null {
  const targets = state.selection?.targets ?? [];
  return targets.find((t) => t.nodeId === state.chosenNodeId) ?? targets[0] ?? null;
}

/** "Offline" or "FLUX high" / "FLUX fast": the engine a click runs, as the footer and the workflow panels name it. */
export function engineLabel(settings: Pick<Settings, 'engine' | 'mode'>): string {
  return settings.engine === 'offline' ? 'Offline' : `FLUX ${settings.mode}`;
}

/** The settings a run from the footer uses: Settings' own, with the prompt typed beside the button when there is one. */
export function runSettings(state: AppState): Settings {
  return state.runPrompt === null ? state.settings : { ...state.settings, prompt: state.runPrompt };
}

/**
 * What "Outpaint all" leaves out: the refused nodes and the frames their image already fills. The footer's count and
 * the list under the selection both come from here, so "2 skipped" always lists two.
 */
export function skippedInSelection(state: AppState): Refusal[] {
  const selection = state.selection;
  if (selection === null) return [];
  const covered = selection.targets
    .filter((t) => t.status === 'covered')
    .map((t) => ({ nodeId: t.nodeId, nodeName: t.nodeName, error: appError('covered', COVERED_HINT) }));
  return [...selection.refusals, ...covered];
}

/** Why the saved settings cannot run FLUX, or null when they can. */
export function fluxSettingsProblem(settings: Settings): string | null {
  if (settings.engine !== 'flux') return null;
  if (settings.apiKey.trim() === '') return 'Add your API key in Settings, or switch to Offline';
  if (!/^https?:\/\/[^\s]+$/i.test(settings.endpoint.trim())) return 'Set the API endpoint (the proxy URL) in Settings';
  return null;
}

/** The id of the selection's own hint (the empty state, the covered callout, the refusals), for aria-describedby. */
export const SELECTION_HINT_ID = 'selection-hint';

/**
 * True when the reason Outpaint can't run is already what the selection area shows (nothing selected, only
 * refused nodes, a filled frame): the footer then points at it instead of saying it a second time.
 */
export function blockerShownAbove(state: AppState): boolean {
  if (footerJob(state).phase === 'running') return false;
  // Before the first selection the area shows "Connecting to Figma…" or the empty hint, as the blocker says.
  if (state.selection === null) return true;
  if (!state.settingsLoaded) return false;
  const target = chosenTarget(state);
  // A damaged image file: the preview's caption says so (ui/components/placement-preview.tsx).
  return target === null || target.status === 'covered' || state.images[target.image.hash]?.status === 'failed';
}

/** The reason the Outpaint button is disabled, or null when a job can start. */
export function runBlocker(state: AppState): string | null {
  if (!state.settingsLoaded) return 'Connecting to Figma…';
  if (footerJob(state).phase === 'running') return 'An outpaint is already running';
  const selection = state.selection;
  if (selection === null || (selection.targets.length === 0 && selection.refusals.length === 0))
    return NOTHING_SELECTED;
  const target = chosenTarget(state);
  if (target === null) return selection.refusals[0]?.error.message ?? NOTHING_SELECTED;
  if (target.status === 'covered') return COVERED_HINT;
  const image = state.images[target.image.hash];
  if (image?.status === 'failed') return image.error.message;
  const settingsProblem = fluxSettingsProblem(state.settings);
  if (settingsProblem !== null) return settingsProblem;
  if (state.settings.engine === 'flux' && state.settings.mode === 'fast' && !target.plan.fastMode.allowed) {
    return "Fast mode can't take this image — switch to High in Settings";
  }
  return null;
}
