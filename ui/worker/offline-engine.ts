// Seam for the offline engine (common/engine/outpaint-offline.ts, written in parallel): null until it lands,
// so the pipeline reports 'engine-failed' with a next step instead of failing to build.
import type { OfflineEngine } from '../pixels/pixel-jobs';

export const offlineEngine: OfflineEngine | null = null;
