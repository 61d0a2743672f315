// fast-check arbitrary: a valid message with one value somewhere inside replaced by a random value.
import fc from 'fast-check';

type Path = (string | number)[];

function paths(value: unknown, prefix: Path = []): Path[] {
  if (value instanceof Uint8Array || typeof value !== 'object' || value === null) return [prefix];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, item]) => paths(item, [...prefix, key]))];
}

function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  if (Array.isArray(value))
    return value.map((item, index) => (index === head ? replaceAt(item, rest, replacement) : item));
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    return { ...value, [head]: replaceAt((value as Record<string, unknown>)[String(head)], rest, replacement) };
  }
  return value;
}

export function mutations(samples: readonly unknown[]): fc.Arbitrary<{ mutated: unknown; changed: boolean }> {
  return fc
    .constantFrom(...samples)
    .chain((sample) =>
      fc.record({
        sample: fc.constant(sample),
        path: fc.constantFrom(...paths(sample)),
        replacement: fc.oneof(fc.anything({ withTypedArray: true }), fc.constant(undefined), fc.double(), fc.string()),
      }),
    )
    .map(({ sample, path, replacement }) => {
      const mutated = replaceAt(sample, path, replacement);
      return { mutated, changed: !Object.is(readAt(sample, path), replacement) };
    });
}

function readAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[String(key)];
  }
  return current;
}
