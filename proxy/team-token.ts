// Team deployments hold the real BFL key on the server; the plugin presents a team token instead.
// Comparing SHA-256 digests byte by byte with no early exit keeps the check constant-time regardless
// of where the strings differ or how long they are (Workers have no timingSafeEqual in the Web API).

export async function tokensMatchAsync(presented: string, expected: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(presented)),
    crypto.subtle.digest('SHA-256', encoder.encode(expected)),
  ]);
  const left = new Uint8Array(a);
  const right = new Uint8Array(b);
  let diff = 0;
  for (let i = 0; i < left.length; i++) diff |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return diff === 0 && expected !== '';
}
