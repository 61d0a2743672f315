import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { UiMessage } from '../../../common/protocol/messages';
import { createPanelCommands } from '../../../ui/app/create-panel-commands';
import { IDLE_ENGINE } from '../support/runner-fakes';
import { OFFLINE_SETTINGS } from '../support/ui-fixtures';
import { renderPanel } from '../support/render-panel';
import { SWITCHED_TO_FLUX } from '../../../ui/state/app-reducer';

function openSettings(settings = OFFLINE_SETTINGS) {
  const sent: UiMessage[] = [];
  const view = renderPanel([{ type: 'settings/loaded', settings }], (store) =>
    createPanelCommands(store, IDLE_ENGINE, (m) => sent.push(m)),
  );
  fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
  return { ...view, sent };
}

describe('panel: settings', () => {
  it('offers Offline and FLUX, with what Offline is good and bad at', () => {
    openSettings();
    expect(screen.getByRole('radio', { name: 'Offline — quick background extend' })).toHaveProperty('checked', true);
    expect(screen.getByRole('radio', { name: 'FLUX' })).toHaveProperty('checked', false);
    expect(
      screen.getByText('Good for skies, walls, backdrops and textures; it may repeat faces and objects'),
    ).toBeTruthy();
  });

  it('says plainly where the API key is kept', () => {
    openSettings();
    const key = screen.getByLabelText('API key');
    expect(key.getAttribute('type')).toBe('password');
    const note = document.getElementById(key.getAttribute('aria-describedby') ?? '');
    expect(note?.textContent).toBe('Stored on this computer, unencrypted.');
  });

  it('marks the prompt as experimental', () => {
    openSettings();
    expect(screen.getByLabelText('Default prompt Experimental').tagName).toBe('TEXTAREA');
  });

  it('applies and stores each change as it is made, trimmed; there is no Save button to forget', () => {
    const { sent, store } = openSettings();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: 'FLUX' }));
    fireEvent.input(screen.getByLabelText('API key'), { target: { value: '  my-key  ' } });
    fireEvent.input(screen.getByLabelText('API endpoint'), { target: { value: 'https://proxy.example.com ' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Fast — quicker, cheaper' }));
    fireEvent.click(screen.getByRole('radio', { name: 'JPEG' }));
    fireEvent.input(screen.getByLabelText('Seam feather'), { target: { value: '0' } });
    const expected = {
      ...OFFLINE_SETTINGS,
      engine: 'flux',
      apiKey: 'my-key',
      endpoint: 'https://proxy.example.com',
      mode: 'fast',
      outputFormat: 'jpeg',
      feather: 0,
    };
    expect(sent).toHaveLength(6);
    expect(sent.at(-1)).toEqual({ type: 'settings/save', settings: expected });
    // Leaving keeps everything: Back (or Escape) only changes the view.
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(store.getState().settings).toEqual(expected);
    expect(screen.getByRole('button', { name: 'Engine: FLUX fast. Change engine' })).toBeTruthy();
  });

  it('switches to FLUX when a first key is typed, and says so', () => {
    const { sent, store } = openSettings();
    fireEvent.input(screen.getByLabelText('API key'), { target: { value: 'bfl-key' } });
    expect(store.getState().settings.engine).toBe('flux');
    expect(screen.getByRole('radio', { name: 'FLUX' })).toHaveProperty('checked', true);
    expect(screen.getByText(SWITCHED_TO_FLUX)).toBeTruthy();
    expect(sent.at(-1)).toEqual({
      type: 'settings/save',
      settings: { ...OFFLINE_SETTINGS, engine: 'flux', apiKey: 'bfl-key' },
    });
  });

  it('runs FLUX fast for a designer who types a key and picks Fast but never touches the engine', () => {
    openSettings();
    fireEvent.input(screen.getByLabelText('API key'), { target: { value: 'bfl-key' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Fast — quicker, cheaper' }));
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByRole('button', { name: 'Engine: FLUX fast. Change engine' })).toBeTruthy();
  });

  it('keeps the seam feather within 0–64 px', () => {
    const { store } = openSettings();
    fireEvent.input(screen.getByLabelText('Seam feather'), { target: { value: '500' } });
    expect(store.getState().settings.feather).toBe(64);
    fireEvent.input(screen.getByLabelText('Seam feather'), { target: { value: '-3' } });
    expect(store.getState().settings.feather).toBe(0);
  });

  it('closes with Escape', () => {
    const { store } = openSettings();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(store.getState().view).toBe('main');
  });
});
