// Waits for a condition, never for a count of event-loop turns: on a busy machine (CI beside other work) the
// sandbox's answers take as long as they take, so a tick budget fails there while a real-time deadline holds.

/** Resolves once `condition()` holds (checked every few ms of real time); rejects with `describe()` past the deadline. */
export async function waitForAsync(condition: () => boolean, deadlineMs: number, describe: () => string): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > deadlineMs) throw new Error(describe());
    await new Promise<void>((resolve) => setTimeout(resolve, 5));
  }
}
