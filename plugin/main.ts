// The only file that touches Figma's globals: opens the panel and starts the controller when Figma says 'run'.
import { findImageHashes, planSelection } from '../common/selection/plan-selection';
import { createController } from './controller';
import { PANEL_SIZES, listenForLaunch, type LaunchFigma } from './quick-actions';
import type { SandboxFigma } from './sandbox-figma';

// Compile-time proof that the real API satisfies the narrowed interfaces the controller (and the fake) use.
const api: SandboxFigma = figma;
const launcher: LaunchFigma = figma;

// Invisible instance sublayers can never be outpainted; skipping them speeds up every snapshot
// (https://developers.figma.com/docs/plugins/api/properties/figma-skipinvisibleinstancechildren).
figma.skipInvisibleInstanceChildren = true;

listenForLaunch(launcher, (launch) => {
  const panel = launch?.source === 'quick-action' ? PANEL_SIZES.quick : PANEL_SIZES.normal;
  // themeColors: Figma's light/dark CSS variables in the UI (docs/figma-plugin-api.md, Other APIs showUI).
  figma.showUI(__html__, { width: panel.width, height: panel.height, themeColors: true });
  const controller = createController({
    figma: api,
    planner: { findImageHashes, planSelection },
    schedule: (callback, ms) => {
      const handle = setTimeout(callback, ms);
      return { cancel: () => clearTimeout(handle) };
    },
    warn: (message) => console.warn(message),
    ...(launch ? { launch } : {}),
  });
  // Synchronous cleanup only: the environment is destroyed right after 'close' callbacks return.
  figma.on('close', () => controller.dispose());
});
