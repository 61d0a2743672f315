// Before an offline run, the panel says where the result will be rough (issue 14, item 3). When the chosen frame is
// planned and its image bytes are here, this decodes a small copy of the part the engine will get, asks
// common/engine/assess-border.ts which extended sides are busy, and stores the answer under the plan's key. It runs
// only while the saved engine is Offline; a failed decode stores no warning (the run itself reports real problems).
import { assessBorder } from '../../common/engine/assess-border';
import type { Plan } from '../../common/geometry/plan';
import type { AppStore } from '../state/app-store';
import { chosenTarget } from '../state/app-selectors';
import { borderKey, extensionOf } from '../state/border-outlook';
import type { ImageBytesPort } from '../jobs/job-ports';

/** RGBA pixels of the plan's crop (after its quarter turns), scaled down to at most a few hundred pixels. */
export interface AssessmentPixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export interface BorderAssessorDeps {
  store: AppStore;
  images: ImageBytesPort;
  decodeAsync(bytes: Uint8Array, plan: Plan): Promise<AssessmentPixels>;
}

/** Starts watching the chosen frame; returns the function that stops. */
export function startBorderAssessor(deps: BorderAssessorDeps): () => void {
  const { store } = deps;
  const started = new Set<string>();
  const controller = new AbortController();
  const assessAsync = async (key: string, hash: string, plan: Plan): Promise<void> => {
    let busySides: ReturnType<typeof assessBorder>['busySides'] = [];
    try {
      const bytes = await deps.images.getBytesAsync(hash, controller.signal);
      const pixels = await deps.decodeAsync(bytes, plan);
      // The copy is smaller than the reference sent: the extension shrinks with it.
      const factor = pixels.width / Math.max(1, plan.reference.width);
      const api = extensionOf(plan);
      const extend = {
        left: api.left * factor,
        right: api.right * factor,
        top: api.top * factor,
        bottom: api.bottom * factor,
      };
      busySides = assessBorder({ reference: pixels, extend }).busySides;
    } catch {
      if (controller.signal.aborted) return;
    }
    store.dispatch({ type: 'border/assessed', key, view: { busySides } });
  };
  const check = (): void => {
    const state = store.getState();
    if (state.settings.engine !== 'offline') return;
    const target = chosenTarget(state);
    if (target === null || target.status !== 'ready') return;
    const key = borderKey(target);
    if (state.borders[key] !== undefined || started.has(key)) return;
    started.add(key);
    void assessAsync(key, target.image.hash, target.plan);
  };
  check();
  const unsubscribe = store.subscribe(check);
  return () => {
    controller.abort();
    unsubscribe();
  };
}
