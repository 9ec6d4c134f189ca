/**
 * The adaptive limiter the pull fetches pages through (ascora-api.md section 1): a 429 the client
 * retries itself still halves it and holds every new start until Retry-After has passed, and a task
 * waiting for a slot when its run stops never starts.
 */
import { describe, expect, it } from 'vitest';
import { AscoraError } from '../../main/core/ascora/errors';
import { createAdaptiveLimiter } from '../../main/core/ascora/limiter';
import { createFakeClock } from '../support/core';

const tooMany = (retryAfterMs: number | null) =>
  new AscoraError('retryable', 'Ascora asked to slow down (HTTP 429).', 429, retryAfterMs);

describe('the adaptive limiter', () => {
  it('halves on a 429 that is being retried, and starts nothing new until its Retry-After has passed', async () => {
    const clock = createFakeClock();
    const limiter = createAdaptiveLimiter({ initial: 4, max: 4, clock });
    limiter.slowDown(tooMany(7_000));
    expect(limiter.current()).toBe(2);
    const startedAt: number[] = [];
    const t0 = clock.now();
    await limiter.run(async () => startedAt.push(clock.now()));
    expect(startedAt).toEqual([t0 + 7_000]);
    expect(clock.sleeps).toEqual([7_000]);
    // The pause is over: the next task starts at once.
    await limiter.run(async () => startedAt.push(clock.now()));
    expect(clock.sleeps).toEqual([7_000]);
  });

  it('ignores answers that are not a request to slow down', () => {
    const limiter = createAdaptiveLimiter({ initial: 4, max: 4 });
    limiter.slowDown(new AscoraError('retryable', 'Ascora could not be reached (ECONNRESET).'));
    limiter.slowDown(new AscoraError('rejected', 'No.', 400));
    expect(limiter.current()).toBe(4);
    limiter.slowDown(new AscoraError('retryable', 'Ascora had a problem (HTTP 503).', 503));
    expect(limiter.current()).toBe(2);
  });

  it('never starts a task whose signal aborts while it waits for a slot', async () => {
    const limiter = createAdaptiveLimiter({ initial: 1, max: 1 });
    let finishFirst!: () => void;
    const first = limiter.run(() => new Promise<void>((resolve) => (finishFirst = resolve)));
    const controller = new AbortController();
    let started = false;
    const second = limiter.run(async () => {
      started = true;
    }, controller.signal);
    controller.abort(new Error('stopped'));
    await expect(second).rejects.toThrow('stopped');
    finishFirst();
    await first;
    // Its slot was never taken: a third task runs.
    await limiter.run(async () => undefined);
    expect(started).toBe(false);
  });
});
