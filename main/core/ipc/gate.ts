/**
 * The shutdown gate in front of a registry: once closing starts, a new call is refused with a clear
 * BUSY (not cut off half-way through a write), and closing waits for the calls already running.
 * Used by the in-process core (app.ts) and by the worker host (worker/core-worker.ts), on each side of
 * the MessagePort, so a call never reaches a database being closed.
 */
import { AppError } from '../../../shared/errors';
import type { Result } from '../../../shared/result';

export const CLOSING_MESSAGE = 'RestoreAssist Desk is closing. Start it again to carry on; nothing you saved is lost.';

export interface ShutdownGate {
  readonly closing: boolean;
  /** Runs the call unless closing has started (then answers BUSY); counts it while it runs. */
  run(call: () => Promise<Result<unknown>>): Promise<Result<unknown>>;
  /** From now on every new call is refused. */
  close(): void;
  /** Resolves when no admitted call is still running. */
  drained(): Promise<void>;
}

export function closingError(): AppError {
  return new AppError('BUSY', CLOSING_MESSAGE);
}

export function createShutdownGate(): ShutdownGate {
  let closing = false;
  let inFlight = 0;
  let waiters: Array<() => void> = [];
  const settle = () => {
    if (inFlight > 0) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };
  return {
    get closing() {
      return closing;
    },
    async run(call) {
      if (closing) return { ok: false, error: closingError().toShape() };
      inFlight++;
      try {
        return await call();
      } finally {
        inFlight--;
        settle();
      }
    },
    close() {
      closing = true;
    },
    drained() {
      if (inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
