/**
 * What main pushes: sync progress and "something changed" signals. Lists watch the change counter
 * of their entity and reload; nothing polls.
 */
import { create } from 'zustand';
import type { AppEvents } from '../../../shared/events';
import { getClient } from '../api';
import { useSession } from './session';

type Entity = AppEvents['record.changed']['entity'];
type Progress = AppEvents['sync.progress'];

interface LiveState {
  changes: Partial<Record<Entity, number>>;
  /** The latest progress of each phase/entity of the running sync. */
  progress: Record<string, Progress>;
  running: boolean;
  /** What the app said when its core stopped and was started again (or could not be); until dismissed. */
  notice: string | null;
  dismissNotice(): void;
  connect(): () => void;
}

export const useLive = create<LiveState>((set) => ({
  changes: {},
  progress: {},
  running: false,
  notice: null,
  dismissNotice: () => set({ notice: null }),
  connect() {
    const client = getClient();
    // The counts in the header, the sidebar and the Dashboard (waiting, need attention) follow every
    // local save and every sync event, not only the end of a run: one reload for a burst of events.
    let reloading: ReturnType<typeof setTimeout> | null = null;
    const reloadSession = () => {
      reloading ??= setTimeout(() => {
        reloading = null;
        void useSession.getState().load();
      }, 50);
    };
    const offChange = client.on('record.changed', ({ entity }) => {
      set((s) => ({ changes: { ...s.changes, [entity]: (s.changes[entity] ?? 0) + 1 } }));
      if (entity !== 'report' && entity !== 'settings') reloadSession();
    });
    const offProgress = client.on('sync.progress', (p) => {
      if (p.phase === 'done') set({ running: false });
      else
        set((s) => ({
          running: true,
          progress: { ...(p.phase === 'push' && !s.running ? {} : s.progress), [`${p.phase}:${p.entity ?? ''}`]: p },
        }));
    });
    const offState = client.on('connection.state', () => void useSession.getState().load());
    // A sync that was running ended with the old core: clear its progress and reload the state.
    const offCrash = client.on('core.crashed', ({ message }) => {
      set({ notice: message, running: false, progress: {} });
      void useSession.getState().load();
    });
    return () => {
      if (reloading) clearTimeout(reloading);
      offChange();
      offProgress();
      offState();
      offCrash();
    };
  },
}));

/** A number that changes whenever one of these entities changed in main. */
export function useChangeCounter(...entities: Entity[]): number {
  return useLive((s) => entities.reduce((sum, e) => sum + (s.changes[e] ?? 0), 0));
}
