import { describe, expect, it } from 'vitest';
import type { UiMessage } from '../../../common/protocol/messages';
import { requestChosenImages } from '../../../ui/app/request-chosen-image';
import { createAppStore } from '../../../ui/state/app-store';
import { makeSelection, makeTarget } from '../support/ui-fixtures';

describe('requestChosenImages', () => {
  it('asks the sandbox once for the image of a target the designer picks, and not for one it already sent', () => {
    const store = createAppStore();
    const sent: UiMessage[] = [];
    requestChosenImages(store, (message) => sent.push(message));
    const first = makeTarget({
      nodeId: '1:2',
      nodeName: 'First',
      image: { ...makeTarget().image, hash: 'hash-first' },
    });
    const second = makeTarget({
      nodeId: '1:3',
      nodeName: 'Second',
      image: { ...makeTarget().image, hash: 'hash-second' },
    });
    store.dispatch({ type: 'image/ready', hash: 'hash-first', url: 'data:image/png;base64,' });
    store.dispatch({ type: 'selection/changed', selection: makeSelection([first, second]) });
    expect(sent).toEqual([]);
    store.dispatch({ type: 'target/chosen', nodeId: '1:3' });
    store.dispatch({ type: 'target/chosen', nodeId: '1:2' });
    store.dispatch({ type: 'target/chosen', nodeId: '1:3' });
    expect(sent).toEqual([{ type: 'image/request', hash: 'hash-second' }]);
  });
});
