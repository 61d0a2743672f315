// The one place a plan and the settings become a FLUX submit.
import type { Plan } from '../../common/geometry/plan';
import type { Settings } from '../../common/settings';
import type { FluxRequest } from './job-ports';

export function fluxRequestFor(
  reference: Uint8Array,
  plan: Plan,
  settings: Pick<Settings, 'mode' | 'prompt'>,
): FluxRequest {
  const prompt = settings.prompt.trim();
  return {
    inputImage: reference,
    width: plan.width,
    height: plan.height,
    offsetX: plan.offsetX,
    offsetY: plan.offsetY,
    autoCrop: plan.autoCrop,
    mode: settings.mode,
    // docs/bfl-api.md, Outpainting request: leave `prompt` unset for the default behaviour.
    ...(prompt === '' ? {} : { prompt }),
    // The API's result is only an intermediate: PNG keeps it lossless until the final encode.
    outputFormat: 'png',
  };
}
