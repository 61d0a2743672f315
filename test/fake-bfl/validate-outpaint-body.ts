// Field validation of FluxOutpaintingInputs as the fake enforces it (docs/bfl-api.md, The strict fake steps 1–6),
// producing FastAPI/Pydantic v2 shaped error items (§5.2).

export interface ValidationItem {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export interface OutpaintFields {
  inputImage: string;
  width: number;
  height: number;
  offsetX: number | null;
  offsetY: number | null;
  autoCrop: boolean;
  mode: 'high' | 'fast';
  prompt: string | null;
  outputFormat: 'png' | 'jpeg' | 'webp';
  safetyTolerance: number;
  disablePup: boolean;
}

export interface ValidationOptions {
  /** 'forbid' (default) answers 422 extra_forbidden; 'ignore' drops unknown keys. */
  extraFields: 'forbid' | 'ignore';
  /** Pydantic lax mode accepts "64" for an integer. */
  laxIntegers: boolean;
}

export const OUTPAINT_FIELDS = [
  'input_image',
  'width',
  'height',
  'reference_offset_x',
  'reference_offset_y',
  'auto_crop',
  'mode',
  'prompt',
  'output_format',
  'safety_tolerance',
  'disable_pup',
] as const;

export type ValidationResult = { ok: true; fields: OutpaintFields } | { ok: false; errors: ValidationItem[] };

export function parseJsonBody(
  text: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; error: ValidationItem } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : 'invalid JSON';
    return {
      ok: false,
      error: { type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: message } },
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      error: {
        type: 'model_attributes_type',
        loc: ['body'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: value,
      },
    };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

export function validateOutpaintBody(body: Record<string, unknown>, options: ValidationOptions): ValidationResult {
  const known = new Set<string>(OUTPAINT_FIELDS);
  if (options.extraFields === 'forbid') {
    const extra = Object.keys(body).filter((key) => !known.has(key));
    if (extra.length > 0) {
      return {
        ok: false,
        errors: extra.map((key) => ({
          type: 'extra_forbidden',
          loc: ['body', key],
          msg: 'Extra inputs are not permitted',
          input: body[key],
        })),
      };
    }
  }
  const errors: ValidationItem[] = [];
  const integer = (key: string, required: boolean, nullable: boolean): number | null | undefined => {
    const raw = body[key];
    if (raw === undefined) {
      if (required) errors.push({ type: 'missing', loc: ['body', key], msg: 'Field required', input: body });
      return undefined;
    }
    if (raw === null && nullable) return null;
    if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
    if (options.laxIntegers && typeof raw === 'string' && /^-?\d+$/.test(raw.trim())) return Number(raw.trim());
    if (typeof raw === 'number') {
      errors.push({
        type: 'int_from_float',
        loc: ['body', key],
        msg: 'Input should be a valid integer, got a number with a fractional part',
        input: raw,
      });
    } else {
      errors.push({ type: 'int_type', loc: ['body', key], msg: 'Input should be a valid integer', input: raw });
    }
    return undefined;
  };
  const atLeast = (key: string, value: number | null | undefined, min: number): void => {
    if (typeof value === 'number' && value < min) {
      errors.push({
        type: 'greater_than_equal',
        loc: ['body', key],
        msg: `Input should be greater than or equal to ${min}`,
        input: value,
        ctx: { ge: min },
      });
    }
  };
  const boolean = (key: string, fallback: boolean): boolean => {
    const raw = body[key];
    if (raw === undefined || raw === null) return fallback;
    if (typeof raw === 'boolean') return raw;
    errors.push({ type: 'bool_type', loc: ['body', key], msg: 'Input should be a valid boolean', input: raw });
    return fallback;
  };
  const choice = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const raw = body[key];
    if (raw === undefined || raw === null) return fallback;
    const hit = allowed.find((value) => value === raw);
    if (hit) return hit;
    const expected = allowed.map((value) => `'${value}'`).join(allowed.length === 2 ? ' or ' : ', ');
    errors.push({
      type: 'enum',
      loc: ['body', key],
      msg: `Input should be ${expected}`,
      input: raw,
      ctx: { expected },
    });
    return fallback;
  };

  const rawImage = body['input_image'];
  let inputImage = '';
  if (rawImage === undefined)
    errors.push({ type: 'missing', loc: ['body', 'input_image'], msg: 'Field required', input: body });
  else if (typeof rawImage !== 'string')
    errors.push({
      type: 'string_type',
      loc: ['body', 'input_image'],
      msg: 'Input should be a valid string',
      input: rawImage,
    });
  else if (rawImage.length === 0)
    errors.push({
      type: 'string_too_short',
      loc: ['body', 'input_image'],
      msg: 'String should have at least 1 character',
      input: rawImage,
      ctx: { min_length: 1 },
    });
  else inputImage = rawImage;

  const width = integer('width', true, false);
  const height = integer('height', true, false);
  atLeast('width', width, 64);
  atLeast('height', height, 64);
  const offsetX = integer('reference_offset_x', false, true);
  const offsetY = integer('reference_offset_y', false, true);
  const autoCrop = boolean('auto_crop', false);
  const mode = choice('mode', ['high', 'fast'] as const, 'high');
  const outputFormat = choice('output_format', ['jpeg', 'png', 'webp'] as const, 'png');
  const safety = integer('safety_tolerance', false, false);
  if (typeof safety === 'number' && safety < 0) atLeast('safety_tolerance', safety, 0);
  if (typeof safety === 'number' && safety > 5) {
    errors.push({
      type: 'less_than_equal',
      loc: ['body', 'safety_tolerance'],
      msg: 'Input should be less than or equal to 5',
      input: safety,
      ctx: { le: 5 },
    });
  }
  const rawPrompt = body['prompt'];
  let prompt: string | null = null;
  if (typeof rawPrompt === 'string') prompt = rawPrompt;
  else if (rawPrompt !== undefined && rawPrompt !== null)
    errors.push({
      type: 'string_type',
      loc: ['body', 'prompt'],
      msg: 'Input should be a valid string',
      input: rawPrompt,
    });
  const disablePup = boolean('disable_pup', false);

  if (errors.length > 0 || typeof width !== 'number' || typeof height !== 'number') return { ok: false, errors };
  return {
    ok: true,
    fields: {
      inputImage,
      width,
      height,
      offsetX: offsetX ?? null,
      offsetY: offsetY ?? null,
      autoCrop,
      mode,
      prompt,
      outputFormat,
      safetyTolerance: typeof safety === 'number' ? safety : 2,
      disablePup,
    },
  };
}
