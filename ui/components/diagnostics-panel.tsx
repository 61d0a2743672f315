// Settings → Diagnostics: the facts support asks for first, as one block to copy (ui/app/diagnostics.ts).
// navigator.clipboard needs a secure context, which Figma's plugin iframe is not (docs/figma-iframe.md), so Copy
// selects the text and uses the editing command `copy`; if that is refused too, the text stays selected.
import { useRef, useState } from 'preact/hooks';
import { formatDiagnostics, type DiagnosticsState } from '../app/diagnostics';
import type { SubscribableStore } from '../state/value-store';
import { useStoreState } from '../state/use-store-state';

export function DiagnosticsPanel({ diagnostics }: { diagnostics: SubscribableStore<DiagnosticsState> }) {
  const state = useStoreState(diagnostics);
  const text = formatDiagnostics(state);
  const area = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<'copied' | 'select' | null>(null);

  const copy = (): void => {
    const field = area.current;
    if (!field) return;
    field.focus();
    field.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    setCopied(ok ? 'copied' : 'select');
  };

  return (
    <section class="group diagnostics" aria-label="Diagnostics">
      <h2 class="section-title">Diagnostics</h2>
      <p class="hint">For support: no key, prompt, image or address is included.</p>
      <textarea ref={area} class="diagnostics-text" readOnly rows={7} aria-label="Diagnostics text" value={text} />
      <div class="diagnostics-actions">
        <span class="muted" role="status">
          {copied === 'copied' ? 'Copied' : copied === 'select' ? 'Press Ctrl+C or ⌘C to copy the selected text' : ''}
        </span>
        <button type="button" class="button" onClick={copy}>
          Copy diagnostics
        </button>
      </div>
    </section>
  );
}
