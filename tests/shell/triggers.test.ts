import { describe, expect, it } from 'vitest';
import { createSyncTriggers, type TriggerReason } from '../../main/shell/triggers';

/** Timers on a hand-moved clock: the seam this test is about is time. */
function world() {
  let now = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  let nextId = 1;
  const syncs: TriggerReason[] = [];
  const triggers = createSyncTriggers(
    {
      now: () => now,
      setTimer: (callback, ms) => {
        timers.set(nextId, { at: now + ms, callback });
        return nextId++;
      },
      clearTimer: (id) => timers.delete(id as number),
      sync: async (reason) => {
        syncs.push(reason);
      },
    },
    { settleMs: 5_000, minGapMs: 60_000 },
  );
  async function advance(ms: number) {
    now += ms;
    for (const [id, timer] of [...timers]) {
      if (timer.at <= now) {
        timers.delete(id);
        timer.callback();
      }
    }
    // Let the async settle (schedule check, sync) finish.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  }
  return { triggers, syncs, advance };
}

describe('syncs the machine asks for', () => {
  it('syncs once when the network comes back, after it settles', async () => {
    const w = world();
    w.triggers.observeOnline(false);
    w.triggers.observeOnline(true);
    await w.advance(4_999);
    expect(w.syncs).toEqual([]);
    await w.advance(1);
    expect(w.syncs).toEqual(['online']);
  });

  it('does not sync on the first reading, nor while the network stays up', async () => {
    const w = world();
    w.triggers.observeOnline(true);
    w.triggers.observeOnline(true);
    await w.advance(10_000);
    expect(w.syncs).toEqual([]);
  });

  it('a burst (resume, then the network flapping) gives one sync, not a storm', async () => {
    const w = world();
    w.triggers.observeOnline(false);
    w.triggers.signal('resume');
    await w.advance(1_000);
    w.triggers.observeOnline(true);
    await w.advance(1_000);
    w.triggers.observeOnline(false);
    w.triggers.observeOnline(true);
    await w.advance(5_000);
    expect(w.syncs).toEqual(['online']);
  });

  it('never two triggered syncs within a minute; after that, again', async () => {
    const w = world();
    w.triggers.signal('resume');
    await w.advance(5_000);
    w.triggers.signal('resume');
    await w.advance(5_000);
    expect(w.syncs).toEqual(['resume']);
    await w.advance(55_000);
    w.triggers.signal('resume');
    await w.advance(5_000);
    expect(w.syncs).toEqual(['resume', 'resume']);
  });

  it('forgets a waiting signal when disposed (quitting)', async () => {
    const w = world();
    w.triggers.signal('resume');
    w.triggers.dispose();
    await w.advance(10_000);
    expect(w.syncs).toEqual([]);
  });
});
