// Settings → Diagnostics (happy-dom): the block is there to read, and Copy says what happened.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDiagnostics } from '../../../ui/app/diagnostics';
import { DiagnosticsPanel } from '../../../ui/components/diagnostics-panel';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('DiagnosticsPanel', () => {
  it('shows the block, follows new facts, and copies it with the editing command (no navigator.clipboard)', () => {
    const diagnostics = createDiagnostics({ version: '1.2.3', secureContext: false });
    render(<DiagnosticsPanel diagnostics={diagnostics} />);
    const text = screen.getByRole('textbox', { name: 'Diagnostics text' });
    expect((text as HTMLTextAreaElement).value).toContain('Outpaint 1.2.3\nSecure context: no');
    act(() => diagnostics.recordError({ code: 'api-key', message: 'The API key was refused. Check it in Settings' }));
    expect((text as HTMLTextAreaElement).value).toContain('Last error: api-key: The API key was refused.');

    const copy = vi.fn(() => true);
    Object.defineProperty(document, 'execCommand', { value: copy, configurable: true });
    fireEvent.click(screen.getByRole('button', { name: 'Copy diagnostics' }));
    expect(copy).toHaveBeenCalledWith('copy');
    expect(screen.getByRole('status').textContent).toBe('Copied');
  });

  it('leaves the text selected and says how to copy it when the browser refuses the command', () => {
    render(<DiagnosticsPanel diagnostics={createDiagnostics({ version: '1.2.3', secureContext: false })} />);
    Object.defineProperty(document, 'execCommand', { value: () => false, configurable: true });
    fireEvent.click(screen.getByRole('button', { name: 'Copy diagnostics' }));
    expect(screen.getByRole('status').textContent).toBe('Press Ctrl+C or ⌘C to copy the selected text');
  });
});
