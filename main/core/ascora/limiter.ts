/**
 * Requests in flight per integration, adaptive (ascora-api.md section 1: no documented rate limit):
 * start at 4, halve on a 429 or 5xx, grow back by one after a run of successes, never above a cap.
 */
import { AscoraError } from './errors';

export interface AdaptiveLimiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  current(): number;
}

export function createAdaptiveLimiter(options: { initial?: number; max?: number; growAfter?: number } = {}): AdaptiveLimiter {
  const max = options.max ?? 8;
  const growAfter = options.growAfter ?? 10;
  let limit = Math.min(options.initial ?? 4, max);
  let active = 0;
  let successes = 0;
  const waiting: (() => void)[] = [];

  const release = () => {
    active--;
    while (active < limit && waiting.length > 0) {
      active++;
      waiting.shift()!();
    }
  };

  return {
    current: () => limit,
    async run(task) {
      if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      else active++;
      try {
        const value = await task();
        if (++successes >= growAfter && limit < max) {
          limit++;
          successes = 0;
        }
        return value;
      } catch (error) {
        if (error instanceof AscoraError && (error.status === 429 || (error.status ?? 0) >= 500)) {
          limit = Math.max(1, Math.floor(limit / 2));
          successes = 0;
        }
        throw error;
      } finally {
        release();
      }
    },
  };
}
