import { describe, expect, it } from 'vitest';
import {
  buildOutpaintBody,
  detailText,
  isTrustedApiUrl,
  normaliseProgress,
  retryAfterMs,
} from '../../../ui/api/bfl-client';

describe('reading API answers', () => {
  it('reads Retry-After in seconds and as an HTTP date, and ignores garbage', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    expect(retryAfterMs(new Response(null, { headers: { 'Retry-After': '3' } }), now)).toBe(3000);
    expect(retryAfterMs(new Response(null, { headers: { 'Retry-After': 'Wed, 25 Nov 2026 10:00:05 GMT' } }), now)).toBe(
      5000,
    );
    expect(retryAfterMs(new Response(null, { headers: { 'Retry-After': 'soon' } }), now)).toBeNull();
    expect(retryAfterMs(new Response(null), now)).toBeNull();
  });

  it('joins a FastAPI detail list into "field: message" parts and passes strings through', () => {
    const list = [
      { type: 'missing', loc: ['body', 'width'], msg: 'Field required' },
      { type: 'value_error', loc: ['body'], msg: 'Value error, reference extends beyond the canvas' },
    ];
    expect(detailText(list)).toBe('width: Field required; reference extends beyond the canvas');
    expect(detailText('Insufficient credits')).toBe('Insufficient credits');
    expect(detailText(null)).toBe('');
  });

  it('scales percentage progress to a fraction and clamps it', () => {
    expect(normaliseProgress(0.4)).toBe(0.4);
    expect(normaliseProgress(40)).toBe(0.4);
    expect(normaliseProgress(250)).toBe(1);
    expect(normaliseProgress(null)).toBeNull();
  });

  it('trusts the endpoint origin and https *.bfl.ai only', () => {
    const base = 'http://127.0.0.1:8787';
    expect(isTrustedApiUrl('http://127.0.0.1:8787/poll?u=x', base)).toBe(true);
    expect(isTrustedApiUrl('https://api.us3.bfl.ai/v1/get_result?id=1', base)).toBe(true);
    expect(isTrustedApiUrl('https://api.bfl.ai:8443/v1/get_result', base)).toBe(false);
    expect(isTrustedApiUrl('https://bfl.ai.evil.example/v1/get_result', base)).toBe(false);
    expect(isTrustedApiUrl('http://127.0.0.1:9999/v1/get_result', base)).toBe(false);
    expect(isTrustedApiUrl('not a url', base)).toBe(false);
  });

  it('builds a body with explicit offsets, auto_crop false, png and the chosen mode', () => {
    const body = buildOutpaintBody({
      image: new Uint8Array([1, 2, 3]),
      width: 100,
      height: 80,
      offsetX: 0,
      offsetY: -4,
      mode: 'fast',
    });
    expect(body).toEqual({
      input_image: 'AQID',
      width: 100,
      height: 80,
      reference_offset_x: 0,
      reference_offset_y: -4,
      auto_crop: false,
      mode: 'fast',
      output_format: 'png',
    });
  });

  it('leaves offsets out when the API should centre the reference', () => {
    const body = buildOutpaintBody({
      image: new Uint8Array([1]),
      width: 100,
      height: 80,
      offsetX: null,
      offsetY: null,
    });
    expect(Object.keys(body)).not.toContain('reference_offset_x');
    expect(Object.keys(body)).not.toContain('reference_offset_y');
  });
});
