// Derived views of AppState: which target runs, and why the Outpaint button is disabled when it is.
import type { Target } from '../../common/selection/report';
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

/** Why the saved settings cannot run FLUX, or null when they can. */
export function fluxSettingsProblem(settings: Settings): string | null {
  if (settings.engine !== 'flux') return null;
  if (settings.apiKey.trim() === '') return 'Add your API key in Settings, or switch to Offline';
  if (!/^https?:\/\/[^\s]+$/i.test(settings.endpoint.trim())) return 'Set the API endpoint (the proxy URL) in Settings';
  return null;
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
