import { describe, expect, it } from 'vitest';
import { randomId } from '../../../ui/app/random-id';

describe('randomId', () => {
  it('makes v4-shaped ids from getRandomValues alone (Figma’s iframe has no crypto.randomUUID)', () => {
    const id = randomId((bytes) => bytes.fill(0xff));
    expect(id).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(randomId((bytes) => bytes.fill(0))).toBe('00000000-0000-4000-8000-000000000000');
  });

  it('gives different ids on each call with the real random source', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => randomId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
