import { describe, expect, it } from 'vitest';
import type { LaunchRequest } from '../../common/variants/quick-parameters';
import { listenForLaunch, launchRequestFor } from '../../plugin/quick-actions';
import { createFigmaFake, imagePaint } from '../fakes/figma-fake';
import { pngHeaderBytes } from '../fakes/read-image-header';
import { startHarness } from './controller-harness';

import { waitForAsync } from '../support/wait-for';

/** Figma fires 'run' after launch: wait (real time) until the plugin decided how it was launched. */
async function launchedAsync(started: readonly unknown[]): Promise<void> {
  if (!(await waitForAsync(() => started.length > 0, 10_000)))
    throw new Error('the plugin never decided how it was launched');
}

describe('launching', () => {
  it('opens normally from the menu: no launch request', async () => {
    const fake = createFigmaFake();
    const started: (LaunchRequest | null)[] = [];
    listenForLaunch(fake, (launch) => started.push(launch));
    await launchedAsync(started);
    expect(started).toEqual([null]);
  });

  it('from the “Outpaint again” relaunch button, asks the UI to get the node ready', async () => {
    const fake = createFigmaFake();
    fake.command = 'outpaint';
    const started: (LaunchRequest | null)[] = [];
    listenForLaunch(fake, (launch) => started.push(launch));
    await launchedAsync(started);
    expect(started).toEqual([{ source: 'relaunch', mode: null, formatId: null }]);
  });

  it('from quick actions, passes the chosen mode and format on', async () => {
    const fake = createFigmaFake();
    fake.runParameters = { mode: 'offline', format: 'instagram-story' };
    const started: (LaunchRequest | null)[] = [];
    listenForLaunch(fake, (launch) => started.push(launch));
    await launchedAsync(started);
    expect(started).toEqual([{ source: 'quick-action', mode: 'offline', formatId: 'instagram-story' }]);
  });

  it('suggests modes and formats as the designer types in quick actions', () => {
    const fake = createFigmaFake();
    listenForLaunch(fake, () => undefined);
    expect(fake.parameters.type('mode', 'high').suggestions).toEqual([{ name: 'FLUX high quality', data: 'high' }]);
    expect(fake.parameters.type('format', 'youtube').suggestions).toEqual([
      { name: 'YouTube thumbnail 1280×720', data: 'youtube-thumbnail' },
    ]);
    expect(fake.parameters.type('format', 'zzz').suggestions).toEqual([]);
  });

  it('reads a plain menu command as an ordinary launch', () => {
    expect(launchRequestFor({ command: '' })).toBeNull();
  });
});

describe('the controller with a launch request', () => {
  it('tells the UI once, after the selection, so it can run without Settings', async () => {
    const fake = createFigmaFake();
    const hash = fake.storeImage(pngHeaderBytes(800, 600, 1));
    const frame = fake.build({ width: 1200, height: 600, fills: [imagePaint(hash, 'FIT')] });
    fake.currentPage.selection = [frame];
    const launch: LaunchRequest = { source: 'quick-action', mode: 'fast', formatId: null };
    const h = startHarness({ fake, launch });
    await h.sendAsync({ type: 'ui/ready' });
    await h.sendAsync({ type: 'ui/ready' }); // a reloaded UI does not run it twice
    // A selection is answered from image sizes, then refined once its image's format is known: one answer here.
    const types = h
      .posted()
      .map((m) => m.type)
      .filter((t, i, all) => t !== 'image/bytes' && !(t === 'selection/changed' && all.slice(0, i).includes(t)));
    expect(types.slice(0, 3)).toEqual(['settings/loaded', 'selection/changed', 'launch/request']);
    expect(h.postedOfType('launch/request')).toEqual([{ type: 'launch/request', request: launch }]);
  });
});
