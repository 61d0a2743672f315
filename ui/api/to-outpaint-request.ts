// The engine's FluxRequest (ui/jobs/job-ports.ts) in the client's words: only documented fields, and `prompt`
// only when set (docs/bfl-api.md, Outpainting request: leave it unset for the default behaviour).
import type { FluxRequest } from '../jobs/job-ports';
import type { OutpaintRequest } from './bfl-client';

export function toOutpaintRequest(request: FluxRequest): OutpaintRequest {
  return {
    image: request.inputImage,
    width: request.width,
    height: request.height,
    offsetX: request.offsetX,
    offsetY: request.offsetY,
    autoCrop: request.autoCrop,
    mode: request.mode,
    ...(request.prompt === undefined ? {} : { prompt: request.prompt }),
    outputFormat: request.outputFormat,
  };
}
