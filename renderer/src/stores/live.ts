/**
 * What main pushes: sync progress, and "something changed" signals, which go to the one cache
 * (cache/index.ts: the answers they name are asked for again; nothing polls). A sync's progress is
 * kept per connection (integration id): two connections syncing at once never show each other's bars.
 */
import { create } from 'zustand';
import type { AppEvents } from '../../../shared/events';
import { getClient } from '../api';
import { followCore } from '../cache';

type Progress = AppEvents['sync.progress'];

/** The latest progress of each phase/entity of a connection's sync, keyed `${phase}:${entity}`. */
export type RunProgress = Record<string, Progress>;

interface LiveState {
  /** Per connection: the latest progress of its running (or last) sync. */
  progress: Record<number, RunProgress>;
  /** Per connection: whether a sync of it is running. */
  running: Record<number, boolean>;
  /** What the app said when its core stopped and was started again (or could not be); until dismissed. */
  notice: string | null;
  dismissNotice(): void;
  connect(): () => void;
}

export const useLive = create<LiveState>((set) => ({
  progress: {},
  running: {},
  notice: null,
  dismissNotice: () => set({ notice: null }),
  connect() {
    const client = getClient();
    // What the core changed marks stale the answers it names, and its pushed status is the
    // connections' one copy (cache/index.ts).
    const offCache = followCore(client);
    const offProgress = client.on('sync.progress', (p) => {
      const id = p.integrationId;
      if (p.phase === 'done') set((s) => ({ running: { ...s.running, [id]: false } }));
      else
        set((s) => {
          // A new run starts its bars afresh; later events of the same run add to them.
          const before = p.phase === 'push' && !s.running[id] ? {} : (s.progress[id] ?? {});
          return {
            running: { ...s.running, [id]: true },
            progress: { ...s.progress, [id]: { ...before, [`${p.phase}:${p.entity ?? ''}`]: p } },
          };
        });
    });
    // Back online (the browser host has no powerMonitor; Electron's shell signals too): the core
    // syncs each connection whose schedule is on, once (sync.signal settles repeats).
    const askForSync = () => void client.invoke('sync.signal', { reason: 'online' }).catch(() => undefined);
    globalThis.addEventListener?.('online', askForSync);
    // A sync that was running ended with the old core: clear its progress and reload the state.
    const offCrash = client.on('core.crashed', ({ message }) => set({ notice: message, running: {}, progress: {} }));
    return () => {
      offCache();
      offProgress();
      offCrash();
      globalThis.removeEventListener?.('online', askForSync);
    };
  },
}));

/** Whether a sync of this connection is running. */
export function useSyncRunning(integrationId: number): boolean {
  return useLive((s) => s.running[integrationId] ?? false);
}

const NO_PROGRESS: RunProgress = {};
/** This connection's sync progress (the running run's, or the last one's). */
export function useSyncProgress(integrationId: number): RunProgress {
  return useLive((s) => s.progress[integrationId] ?? NO_PROGRESS);
}
