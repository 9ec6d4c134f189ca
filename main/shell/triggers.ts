/**
 * Syncs the machine asks for: back online, or resumed from sleep. Both come in bursts (a network
 * that flaps, a resume followed by the network coming up), so they settle first and then signal the
 * core at most once per quiet period. The core decides per connection (sync.signal: only where the
 * schedule is on, a person who turned it off decides; a run going is joined).
 */
export type TriggerReason = 'online' | 'resume';

export interface TriggerDeps {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  sync(reason: TriggerReason): Promise<unknown>;
}

export interface TriggerOptions {
  /** Wait this long after the last signal before syncing. */
  settleMs?: number;
  /** Never two triggered syncs closer than this. */
  minGapMs?: number;
}

export function createSyncTriggers(deps: TriggerDeps, options: TriggerOptions = {}) {
  const settleMs = options.settleMs ?? 5_000;
  const minGapMs = options.minGapMs ?? 60_000;
  let timer: unknown = null;
  let pending: TriggerReason | null = null;
  let lastRunAt = -Infinity;
  let wasOnline: boolean | null = null;

  async function settle(): Promise<void> {
    timer = null;
    const reason = pending;
    pending = null;
    if (!reason || deps.now() - lastRunAt < minGapMs) return;
    lastRunAt = deps.now();
    await deps.sync(reason).catch(() => undefined);
  }

  const triggers = {
    signal(reason: TriggerReason): void {
      pending = reason;
      if (timer !== null) deps.clearTimer(timer);
      timer = deps.setTimer(() => void settle(), settleMs);
    },
    /** Feed the current connectivity (polled); only a change from offline to online signals. */
    observeOnline(online: boolean): void {
      if (wasOnline === false && online) triggers.signal('online');
      wasOnline = online;
    },
    dispose(): void {
      if (timer !== null) deps.clearTimer(timer);
      timer = null;
      pending = null;
    },
  };
  return triggers;
}
