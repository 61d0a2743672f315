// Waits for a condition, never for a count of event-loop turns or a fixed sleep: on a busy machine (CI beside
// other work) answers take as long as they take, so a tick budget fails there while a real-time deadline holds.

/**
 * Resolves true once `condition()` holds, checked every `pollMs` of real time; false once `deadlineMs` has passed
 * without it. Callers say what they were waiting for when it never came.
 */
export async function waitForAsync(
  condition: () => boolean | Promise<boolean>,
  deadlineMs: number,
  pollMs = 5,
): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > end) return false;
    await new Promise<void>((resolve) => setTimeout(resolve, pollMs));
  }
}
