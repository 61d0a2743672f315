import { describe, expect, it } from 'vitest';
import { BflError } from '../../../ui/api/bfl-error';
import { createTaskLimiter } from '../../../ui/api/task-limiter';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('task limiter', () => {
  it('never lets more tasks run than the ceiling, and starts waiting ones in order', async () => {
    const limiter = createTaskLimiter(2);
    const started: number[] = [];
    const finishers: (() => void)[] = [];
    let peak = 0;
    const runs = [0, 1, 2, 3].map((i) =>
      limiter.runAsync(
        () =>
          new Promise<void>((resolve) => {
            started.push(i);
            peak = Math.max(peak, limiter.active);
            finishers[i] = resolve;
          }),
      ),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(limiter.waiting).toBe(2);
    finishers[1]?.();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    finishers[0]?.();
    finishers[2]?.();
    await tick();
    finishers[3]?.();
    await Promise.all(runs);
    expect(peak).toBe(2);
    expect(limiter.active).toBe(0);
  });

  it('clamps the ceiling to the API limit of 24 and at least 1', () => {
    expect(createTaskLimiter(100).max).toBe(24);
    expect(createTaskLimiter(0).max).toBe(1);
    expect(createTaskLimiter(Number.NaN).max).toBe(24);
  });

  it('drops a waiting task when its signal aborts, with a cancelled error', async () => {
    const limiter = createTaskLimiter(1);
    const release = await limiter.acquireAsync();
    const controller = new AbortController();
    const waiting = limiter.acquireAsync(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toSatisfy((e: unknown) => e instanceof BflError && e.code === 'cancelled');
    expect(limiter.waiting).toBe(0);
    release();
    release();
    expect(limiter.active).toBe(0);
  });

  it('starts waiting tasks at once when the ceiling is raised', async () => {
    const limiter = createTaskLimiter(1);
    await limiter.acquireAsync();
    let granted = false;
    void limiter.acquireAsync().then(() => {
      granted = true;
    });
    await tick();
    expect(granted).toBe(false);
    limiter.setMax(2);
    await tick();
    expect(granted).toBe(true);
  });
});
