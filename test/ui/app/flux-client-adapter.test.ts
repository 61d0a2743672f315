import { describe, expect, it } from 'vitest';
import type { BflClient, BflClientOptions, OutpaintRequest, OutpaintStage } from '../../../ui/api/bfl-client';
import { createFluxClientPort } from '../../../ui/app/flux-client-adapter';
import type { FluxProgress } from '../../../ui/job/job-ports';
import { FLUX_SETTINGS } from '../support/ui-fixtures';

const STAGES: OutpaintStage[] = [
  { kind: 'queued' },
  { kind: 'submitting' },
  { kind: 'submitted', taskId: 't', pollingUrl: 'https://api.example.com/v1/get_result?id=t', cost: 3 },
  { kind: 'generating', status: 'Pending', progress: 0.5 },
  { kind: 'downloading' },
];

function fakeClientFactory(seen: { options: BflClientOptions[]; requests: OutpaintRequest[] }) {
  return (options: BflClientOptions): BflClient => {
    seen.options.push(options);
    const unused = () => Promise.reject(new Error('not used by the runner'));
    return {
      submitOutpaintAsync: unused,
      pollUntilDoneAsync: unused,
      downloadAsync: unused,
      getCreditsAsync: unused,
      async outpaintAsync(req, opts) {
        seen.requests.push(req);
        for (const s of STAGES) opts?.onStage?.(s);
        return { bytes: new Uint8Array([4]), cost: 3, taskId: 't', inputMp: 0.1, outputMp: 0.2 };
      },
    };
  };
}

describe('FLUX client adapter', () => {
  it('talks to the saved endpoint with the saved key, trimmed', async () => {
    const seen = { options: [] as BflClientOptions[], requests: [] as OutpaintRequest[] };
    createFluxClientPort({ ...FLUX_SETTINGS, endpoint: ' https://proxy.example.com ', apiKey: ' k ' }, fakeClientFactory(seen), {
      fetch: () => Promise.reject(new Error('offline')),
      now: () => 0,
      sleepAsync: async () => {},
    });
    expect(seen.options[0]).toMatchObject({ baseUrl: 'https://proxy.example.com', apiKey: 'k' });
  });

  it("maps the plan's numbers onto the client's request and its stages onto progress", async () => {
    const seen = { options: [] as BflClientOptions[], requests: [] as OutpaintRequest[] };
    const port = createFluxClientPort(FLUX_SETTINGS, fakeClientFactory(seen), { fetch: () => Promise.reject(new Error('offline')), now: () => 0, sleepAsync: async () => {} });
    const progress: FluxProgress[] = [];
    const image = new Uint8Array([9]);
    const result = await port.outpaintAsync(
      { inputImage: image, width: 800, height: 400, offsetX: -3, offsetY: 7, autoCrop: true, mode: 'fast', outputFormat: 'png' },
      { signal: new AbortController().signal, onProgress: (p) => progress.push(p) },
    );
    expect(seen.requests).toEqual([{ image, width: 800, height: 400, offsetX: -3, offsetY: 7, autoCrop: true, mode: 'fast', outputFormat: 'png' }]);
    expect(progress.map((p) => p.kind)).toEqual(['sending', 'sending', 'submitted', 'status', 'downloading']);
    expect(progress[2]).toEqual({ kind: 'submitted', cost: 3, taskId: 't', pollingUrl: 'https://api.example.com/v1/get_result?id=t' });
    expect(result).toEqual({ bytes: new Uint8Array([4]), cost: 3, taskId: 't' });
  });
});
