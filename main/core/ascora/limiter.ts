/**
 * Requests in flight per integration, adaptive (ascora-api.md section 1: no documented rate limit):
 * start at 4, halve on a 429 or 5xx, grow back by one after a run of successes, never above a cap.
 * A 429's Retry-After also holds every new start until it has passed: Ascora asked this client,
 * not one request, to slow down.
 */
import type { Clock } from '../clock';
import { DEFAULT_RETRY_POLICY } from './backoff';
import { AscoraError } from './errors';

export interface AdaptiveLimiter {
  /** Runs the task in a free slot; a signal that aborts while it waits for one rejects at once. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  current(): number;
  /**
   * An answer the client will retry itself (client.ts `onRetry`): a 429 or 5xx halves the limit as
   * a final failure does, and a Retry-After holds new starts (when the limiter has a clock).
   */
  slowDown(error: AscoraError): void;
}

const isSlowDown = (error: unknown): error is AscoraError =>
  error instanceof AscoraError && (error.status === 429 || (error.status ?? 0) >= 500);

export function createAdaptiveLimiter(
  options: { initial?: number; max?: number; growAfter?: number; clock?: Clock } = {},
): AdaptiveLimiter {
  const max = options.max ?? 8;
  const growAfter = options.growAfter ?? 10;
  const clock = options.clock;
  let limit = Math.min(options.initial ?? 4, max);
  let active = 0;
  let successes = 0;
  let pausedUntil = 0;
  const waiting: (() => void)[] = [];

  const release = () => {
    active--;
    while (active < limit && waiting.length > 0) {
      active++;
      waiting.shift()!();
    }
  };

  const halve = () => {
    limit = Math.max(1, Math.floor(limit / 2));
    successes = 0;
  };

  const slot = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const at = waiting.indexOf(granted);
        if (at >= 0) waiting.splice(at, 1);
        reject(signal!.reason);
      };
      const granted = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      waiting.push(granted);
      signal?.addEventListener('abort', onAbort, { once: true });
    });

  return {
    current: () => limit,
    slowDown(error) {
      if (!isSlowDown(error)) return;
      halve();
      if (clock && error.retryAfterMs !== null) {
        pausedUntil = Math.max(
          pausedUntil,
          clock.now() + Math.min(error.retryAfterMs, DEFAULT_RETRY_POLICY.maxRetryAfterMs),
        );
      }
    },
    async run(task, signal) {
      if (signal?.aborted) throw signal.reason;
      if (active >= limit) await slot(signal);
      else active++;
      try {
        // Holding the slot while paused: nothing should go out before Retry-After anyway.
        while (clock && clock.now() < pausedUntil) await clock.sleep(pausedUntil - clock.now(), signal);
        const value = await task();
        if (++successes >= growAfter && limit < max) {
          limit++;
          successes = 0;
        }
        return value;
      } catch (error) {
        if (isSlowDown(error)) halve();
        throw error;
      } finally {
        release();
      }
    },
  };
}
