// Raw base64 (no data: prefix) for the API's input_image (docs/bfl-api.md, Outpainting request).
// Uint8Array.prototype.toBase64 exists in recent Chromium but maybe not in Figma's desktop app, so it is
// feature-detected (https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Uint8Array/toBase64).
// The fallback writes the ASCII digits straight into bytes, two per table lookup, and decodes them once: on an
// 8 MB reference (a 4 MP PNG) it takes ~50 ms in Node where chunked btoa over String.fromCharCode took ~430 ms and
// base64-js's fromByteArray ~220 ms — time the panel spent before the submit, once per frame of a batch
// (`npm run bench`, batch line). String.fromCharCode(...bytes) on a big image also overflows the call stack
// (docs/toolchain.md, gotcha 6); this never builds an argument list.

interface WithToBase64 {
  toBase64?: () => string;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 61; // '='

let tables: { digits: Uint8Array; pairs: Uint16Array } | null = null;

/** The 64 digits' char codes, and every 12-bit value's two digits as one 16-bit word in this machine's byte order. */
function digitTables(): { digits: Uint8Array; pairs: Uint16Array } {
  if (tables !== null) return tables;
  const digits = new Uint8Array(64);
  for (let i = 0; i < 64; i++) digits[i] = ALPHABET.charCodeAt(i);
  const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const pairs = new Uint16Array(4096);
  for (let i = 0; i < 4096; i++) {
    const first = digits[i >> 6]!;
    const second = digits[i & 63]!;
    pairs[i] = littleEndian ? first | (second << 8) : (first << 8) | second;
  }
  tables = { digits, pairs };
  return tables;
}

export function bytesToBase64(bytes: Uint8Array, options: { native?: boolean } = {}): string {
  const native = (bytes as Uint8Array & WithToBase64).toBase64;
  if (options.native !== false && typeof native === 'function') return native.call(bytes);
  return tableBase64(bytes);
}

function tableBase64(bytes: Uint8Array): string {
  const { digits, pairs } = digitTables();
  const length = bytes.length;
  const whole = length - (length % 3);
  const out = new Uint8Array(Math.ceil(length / 3) * 4);
  const words = new Uint16Array(out.buffer, 0, out.length >> 1);
  let word = 0;
  for (let i = 0; i < whole; i += 3) {
    const triple = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    words[word++] = pairs[triple >> 12]!;
    words[word++] = pairs[triple & 4095]!;
  }
  let at = word * 2;
  if (length - whole === 1) {
    const triple = bytes[whole]! << 16;
    out[at++] = digits[triple >> 18]!;
    out[at++] = digits[(triple >> 12) & 63]!;
    out[at++] = PAD;
    out[at] = PAD;
  } else if (length - whole === 2) {
    const triple = (bytes[whole]! << 16) | (bytes[whole + 1]! << 8);
    out[at++] = digits[triple >> 18]!;
    out[at++] = digits[(triple >> 12) & 63]!;
    out[at++] = digits[(triple >> 6) & 63]!;
    out[at] = PAD;
  }
  // Every byte is ASCII, which UTF-8 decodes one to one.
  return new TextDecoder().decode(out);
}
