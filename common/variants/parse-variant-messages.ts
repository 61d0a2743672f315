// Validators for the variants / extend / launch messages, in the style of common/protocol/parse-fields.ts: every
// field is checked, and a FieldError names the one that is wrong.
import { nested, readArray, readBoolean, readNumber, readOneOf, readRecord, readString, type Fields } from '../protocol/parse-fields';
import { readId } from '../protocol/parse-ui-message';
import { ANCHORS, type Placement } from './format-presets';
import { MAX_VARIANT_SIDE, MAX_VARIANTS, type VariantFormat } from './plan-variants';
import type { LaunchRequest } from './quick-parameters';
import type { CreateVariantsRequest, CreatedVariant, ExtendArtboardRequest } from './variant-protocol';

const MAX_LABEL_CHARS = 80;
const MAX_NAME_CHARS = 10_000;

function readFormat(value: unknown): VariantFormat {
  const fields = readRecord(value, 'format');
  return {
    label: readString(fields, 'label', 1, MAX_LABEL_CHARS),
    width: readNumber(fields, 'width', 1, MAX_VARIANT_SIDE, { integer: true }),
    height: readNumber(fields, 'height', 1, MAX_VARIANT_SIDE, { integer: true }),
  };
}

function readPlacement(value: unknown): Placement {
  const fields = readRecord(value, 'placement');
  return { x: readNumber(fields, 'x', 0, 1), y: readNumber(fields, 'y', 0, 1) };
}

export function readCreateVariants(fields: Fields): CreateVariantsRequest {
  return {
    id: readId(fields, 'id'),
    nodeId: readId(fields, 'nodeId'),
    formats: readArray(fields, 'formats', MAX_VARIANTS, (item, field) => nested(field, () => readFormat(item))),
    anchor: readOneOf(fields, 'anchor', ANCHORS),
  };
}

export function readExtendArtboard(fields: Fields): ExtendArtboardRequest {
  return {
    id: readId(fields, 'id'),
    nodeId: readId(fields, 'nodeId'),
    width: readNumber(fields, 'width', 1, MAX_VARIANT_SIDE),
    height: readNumber(fields, 'height', 1, MAX_VARIANT_SIDE),
    placement: nested('placement', () => readPlacement(fields.placement)),
    mode: readOneOf(fields, 'mode', ['resize', 'new']),
  };
}

export function readCreatedVariants(fields: Fields): CreatedVariant[] {
  return readArray(fields, 'frames', MAX_VARIANTS, (item, field) =>
    nested(field, () => {
      const frame = readRecord(item, 'frame');
      return {
        nodeId: readId(frame, 'nodeId'),
        name: readString(frame, 'name', 0, MAX_NAME_CHARS),
        needsOutpaint: readBoolean(frame, 'needsOutpaint'),
      };
    }),
  );
}

export function readLaunchRequest(value: unknown): LaunchRequest {
  const fields = readRecord(value, 'request');
  const mode = fields.mode === null ? null : readOneOf(fields, 'mode', ['high', 'fast', 'offline']);
  const formatId = fields.formatId === null ? null : readString(fields, 'formatId', 1, MAX_LABEL_CHARS);
  return { source: readOneOf(fields, 'source', ['quick-action', 'relaunch']), mode, formatId };
}
