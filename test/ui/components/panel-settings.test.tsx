import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { UiMessage } from '../../../common/protocol/messages';
import { createPanelCommands } from '../../../ui/app/create-panel-commands';
import { IDLE_ENGINE } from '../support/runner-fakes';
import { FLUX_SETTINGS, OFFLINE_SETTINGS } from '../support/ui-fixtures';
import { renderPanel } from '../support/render-panel';

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
    expect(screen.getByLabelText('Prompt Experimental').tagName).toBe('TEXTAREA');
  });

  it('saves the edited settings to the sandbox, trimmed, and says so', () => {
    const { sent, store } = openSettings();
    fireEvent.click(screen.getByRole('radio', { name: 'FLUX' }));
    fireEvent.input(screen.getByLabelText('API key'), { target: { value: '  my-key  ' } });
    fireEvent.input(screen.getByLabelText('API endpoint'), { target: { value: 'https://proxy.example.com ' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Fast — quicker, cheaper' }));
    fireEvent.click(screen.getByRole('radio', { name: 'JPEG' }));
    fireEvent.input(screen.getByLabelText('Seam feather'), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(sent).toEqual([
      {
        type: 'settings/save',
        settings: {
          ...OFFLINE_SETTINGS,
          engine: 'flux',
          apiKey: 'my-key',
          endpoint: 'https://proxy.example.com',
          mode: 'fast',
          outputFormat: 'jpeg',
          feather: 0,
        },
      },
    ]);
    expect(store.getState().settings.engine).toBe('flux');
    expect(screen.getByText('Saved')).toBeTruthy();
  });

  it('keeps the seam feather within 0–64 px', () => {
    const { store } = openSettings();
    fireEvent.input(screen.getByLabelText('Seam feather'), { target: { value: '500' } });
    expect(store.getState().draft.feather).toBe(64);
    fireEvent.input(screen.getByLabelText('Seam feather'), { target: { value: '-3' } });
    expect(store.getState().draft.feather).toBe(0);
  });

  it('disables Save until something changed', () => {
    openSettings(FLUX_SETTINGS);
    expect(screen.getByRole('button', { name: 'Save' })).toHaveProperty('disabled', true);
  });

  it('closes with Escape', () => {
    const { store } = openSettings();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(store.getState().view).toBe('main');
  });
});

describe('panel: settings keyboard', () => {
  it('saves with Enter in a text field', () => {
    const { sent } = openSettings();
    const key = screen.getByLabelText('API key');
    fireEvent.input(key, { target: { value: 'k2' } });
    fireEvent.keyDown(key, { key: 'Enter' });
    expect(sent).toEqual([{ type: 'settings/save', settings: { ...OFFLINE_SETTINGS, apiKey: 'k2' } }]);
  });
});
