import { describe, expect, it } from 'vitest';
import { createDiagnostics, formatDiagnostics } from '../../../ui/app/diagnostics';

describe('diagnostics', () => {
  it('reads as one block a designer can paste to support', () => {
    const diagnostics = createDiagnostics({ version: '0.1.0', secureContext: false });
    expect(formatDiagnostics(diagnostics.getState())).toBe(
      [
        'Outpaint 0.1.0',
        'Secure context: no',
        'Pixel work: not started yet',
        'PNG codec: not started yet',
        'Preview images: checking',
        'CSP violations: none',
        'Last error: none',
      ].join('\n'),
    );
    diagnostics.update({ workerMode: 'main-thread', codecMode: 'canvas (fallback)', previewUrls: 'data' });
    diagnostics.recordError({ code: 'network', message: 'Could not reach the proxy. Check the address in Settings' });
    const text = formatDiagnostics(diagnostics.getState());
    expect(text).toContain('Pixel work: main-thread\nPNG codec: canvas (fallback)\nPreview images: data: URLs');
    expect(text).toContain('Last error: network: Could not reach the proxy. Check the address in Settings');
  });

  it('lists each refusal once, and names a refused address by its origin only (no path, no query)', () => {
    const diagnostics = createDiagnostics({ version: '0.1.0', secureContext: false });
    diagnostics.recordViolation('img-src', 'blob');
    diagnostics.recordViolation('img-src', 'blob');
    diagnostics.recordViolation('connect-src', 'https://proxy.example.com/v1/get_result?id=secret-task');
    diagnostics.recordViolation('script-src', '');
    expect(diagnostics.getState().cspViolations).toEqual([
      'img-src refused blob',
      'connect-src refused https://proxy.example.com',
      'script-src refused an inline resource',
    ]);
    for (let i = 0; i < 50; i += 1) diagnostics.recordViolation('img-src', `https://host${i}.example`);
    expect(diagnostics.getState().cspViolations).toHaveLength(20);
  });
});
