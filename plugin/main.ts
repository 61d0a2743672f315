// The only file that touches Figma's globals: opens the panel and starts the controller.
import { findImageHashes, planSelection } from '../common/selection/plan-selection';
import { createController } from './controller';
import type { SandboxFigma } from './sandbox-figma';

const PANEL = { width: 360, height: 560 };

// Compile-time proof that the real API satisfies the narrowed interface the controller (and the fake) use.
const api: SandboxFigma = figma;

// Invisible instance sublayers can never be outpainted; skipping them speeds up every snapshot
// (https://developers.figma.com/docs/plugins/api/properties/figma-skipinvisibleinstancechildren).
figma.skipInvisibleInstanceChildren = true;

// themeColors: Figma's light/dark CSS variables in the UI (figma-platform.md §5 showUI).
figma.showUI(__html__, { width: PANEL.width, height: PANEL.height, themeColors: true });

const controller = createController({
  figma: api,
  planner: { findImageHashes, planSelection },
  schedule: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    return { cancel: () => clearTimeout(handle) };
  },
  warn: (message) => console.warn(message),
});

// Synchronous cleanup only: the environment is destroyed right after 'close' callbacks return.
figma.on('close', () => controller.dispose());
