/** Which Ascora connection the window shows, and its live state. */
import { create } from 'zustand';
import type { IntegrationStatus } from '../../../shared/domain';
import { call, ContractError } from '../api';

export type Screen = 'dashboard' | 'jobs' | 'reports' | 'customers' | 'invoices' | 'sync' | 'settings';
export type Focus = { entity: 'job' | 'customer' | 'invoice'; id: number };
const SCREEN_OF: Record<Focus['entity'], Screen> = { job: 'jobs', customer: 'customers', invoice: 'invoices' };

interface SessionState {
  loading: boolean;
  integrations: IntegrationStatus[];
  activeId: number | null;
  screen: Screen;
  /** The record a link asked to open: the screen it names opens with it (read once, when it mounts). */
  focus: Focus | null;
  error: string | null;
  /** The Connect screen was asked for from Settings (another account, or after leaving the demo). */
  connecting: boolean;
  load(): Promise<void>;
  /** Shows the Connect screen over the app; closeConnect goes back (when there is a connection to go back to). */
  openConnect(): void;
  closeConnect(): void;
  setScreen(screen: Screen): void;
  /** Goes to the record's screen with the record open (a link from the Sync centre, the Dashboard). */
  openRecord(focus: Focus): void;
  connected(status: IntegrationStatus): void;
  updateStatus(status: IntegrationStatus): void;
}

export const useSession = create<SessionState>((set, get) => ({
  loading: true,
  integrations: [],
  activeId: null,
  screen: 'dashboard',
  focus: null,
  error: null,
  connecting: false,
  async load() {
    try {
      const integrations = await call('integration.list', {});
      const activeId = integrations.some((i) => i.id === get().activeId)
        ? get().activeId
        : (integrations[0]?.id ?? null);
      set({ integrations, activeId, loading: false, error: null });
    } catch (error) {
      set({ loading: false, error: error instanceof ContractError ? error.message : String(error) });
    }
  },
  setScreen: (screen) => set({ screen, focus: null }),
  openConnect: () => set({ connecting: true }),
  closeConnect: () => set({ connecting: false }),
  openRecord: (focus) => set({ screen: SCREEN_OF[focus.entity], focus }),
  connected(status) {
    set((s) => ({
      integrations: [...s.integrations.filter((i) => i.id !== status.id), status],
      activeId: status.id,
      screen: 'dashboard',
      connecting: false,
    }));
  },
  updateStatus(status) {
    set((s) => ({ integrations: s.integrations.map((i) => (i.id === status.id ? status : i)) }));
  },
}));

export const useActiveIntegration = (): IntegrationStatus | null =>
  useSession((s) => s.integrations.find((i) => i.id === s.activeId) ?? null);

/** The id a link asked this screen to open, if any (read when the screen mounts; never written here). */
export function focusOn(entity: Focus['entity']): number | null {
  const focus = useSession.getState().focus;
  return focus?.entity === entity ? focus.id : null;
}
