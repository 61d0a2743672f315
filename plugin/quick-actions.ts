// How the plugin starts: from the menu, from a relaunch button ("Outpaint again", set on every written frame by the
// write-back), or from quick actions with parameters (manifest.json "parameters", parameterOnly false).
//
// The panel opens in every case, quick actions included: the network calls, the pixel pipeline and the offline
// engine live in the UI iframe (docs/figma-plugin-api.md, Performance and review: no pixels in the sandbox, and a hidden UI would still have to
// run the whole job), so a "no UI" run is impossible; the panel opens shorter and shows the progress instead.
// showUI is called from the 'run' handler, not at load: while the designer is still typing parameters the plugin
// only answers 'input' events, and Figma fires 'run' once they are all entered (or at once for plain launches,
// https://developers.figma.com/docs/plugins/plugin-parameters).
import { readLaunchParameters, suggestionsFor, type LaunchRequest } from '../common/variants/quick-parameters';

/** The launch-time part of PluginAPI: narrowed so the typed fake implements it (plugin/main.ts proves the real one does). */
export interface LaunchFigma {
  readonly command: string;
  readonly parameters: { on(type: 'input', callback: (event: ParameterInputEvent) => void): void };
  on(type: 'run', callback: (event: RunEvent) => void): void;
}

/** The manifest's relaunch button command (manifest.json relaunchButtons, write-result.ts relaunchData). */
export const RELAUNCH_COMMAND = 'outpaint';

export const PANEL_SIZES = {
  normal: { width: 360, height: 560 },
  /** Quick actions: room for the selection line and the progress footer. */
  quick: { width: 360, height: 320 },
} as const;

/** What the UI should do once it is ready, or null for an ordinary launch. */
export function launchRequestFor(event: { command: string; parameters?: unknown }): LaunchRequest | null {
  if (event.parameters !== undefined && event.parameters !== null) {
    return { source: 'quick-action', ...readLaunchParameters(event.parameters) };
  }
  if (event.command === RELAUNCH_COMMAND) return { source: 'relaunch', mode: null, formatId: null };
  return null;
}

/** Answers quick-action typing with suggestions for the parameter being entered. */
export function answerParameterInput(event: ParameterInputEvent): void {
  event.result.setSuggestions(suggestionsFor(event.key, event.query));
}

/** Wires the launch events; `start` opens the panel and the controller with the launch request (or null). */
export function listenForLaunch(figma: LaunchFigma, start: (launch: LaunchRequest | null) => void): void {
  figma.parameters.on('input', answerParameterInput);
  let started = false;
  figma.on('run', (event) => {
    // Figma fires 'run' once per launch; the guard keeps a second panel from opening if it ever fired twice.
    if (started) return;
    started = true;
    start(launchRequestFor(event));
  });
}
