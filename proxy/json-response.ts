// The proxy's own answers: FastAPI-shaped {"detail": …} JSON like BFL's (docs/bfl-api.md, HTTP errors), so the
// plugin's client reads the proxy's refusals the same way as the API's.
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
