// The sandbox answers a selection from image sizes alone and sends the bytes of the first target only
// (plugin/image-catalog.ts). When the designer picks another target of a multi-selection, the panel asks for that
// image, once, so its preview and its job have the bytes.
import type { UiMessage } from '../../common/protocol/messages';
import { chosenTarget } from '../state/app-selectors';
import type { AppState } from '../state/app-state';
import type { SubscribableStore } from '../state/value-store';

/** Starts watching the chosen target; returns the function that stops. */
export function requestChosenImages(
  store: SubscribableStore<AppState>,
  post: (message: UiMessage) => void,
): () => void {
  const requested = new Set<string>();
  const check = (): void => {
    const state = store.getState();
    const hash = chosenTarget(state)?.image.hash;
    if (hash === undefined || state.images[hash] !== undefined || requested.has(hash)) return;
    requested.add(hash);
    post({ type: 'image/request', hash });
  };
  check();
  return store.subscribe(check);
}
