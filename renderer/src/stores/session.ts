/** Which Ascora connection the window shows, and its live state. */
import { create } from 'zustand';
import type { IntegrationStatus, InvoiceAge, LastSyncChange } from '../../../shared/domain';
import { call, ContractError } from '../api';

export type Screen = 'dashboard' | 'jobs' | 'reports' | 'customers' | 'invoices' | 'sync' | 'settings';
export type Focus = { entity: 'job' | 'customer' | 'invoice'; id: number };
const SCREEN_OF: Record<Focus['entity'], Screen> = { job: 'jobs', customer: 'customers', invoice: 'invoices' };

/** The filters a list can be opened with (a figure on the Today screen opens the list behind it). */
export interface ListFilters {
  jobs: { statusText?: string; createdFrom?: string; createdTo?: string; lastSync?: LastSyncChange };
  invoices: { olderThanDays?: InvoiceAge };
}
type FilterOf<S extends Screen> = S extends keyof ListFilters ? ListFilters[S] : never;

interface SessionState {
  loading: boolean;
  integrations: IntegrationStatus[];
  activeId: number | null;
  screen: Screen;
  /** The record a link asked to open: the screen it names opens with it (read once, when it mounts). */
  focus: Focus | null;
  /** The filter a link asked the screen to open with (read once, when it mounts). */
  filter: { screen: Screen; values: ListFilters[keyof ListFilters] } | null;
  error: string | null;
  /** The Connect screen was asked for from Settings (another account, or after leaving the demo). */
  connecting: boolean;
  load(): Promise<void>;
  /** Shows the Connect screen over the app; closeConnect goes back (when there is a connection to go back to). */
  openConnect(): void;
  closeConnect(): void;
  setScreen<S extends Screen>(screen: S, options?: { filter?: FilterOf<S> }): void;
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
  filter: null,
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
  setScreen: (screen, options) =>
    set({ screen, focus: null, filter: options?.filter ? { screen, values: options.filter } : null }),
  openConnect: () => set({ connecting: true }),
  closeConnect: () => set({ connecting: false }),
  openRecord: (focus) => set({ screen: SCREEN_OF[focus.entity], focus, filter: null }),
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

/** The filter a link asked this list to open with, if any (read when the screen mounts; never written here). */
export function filterFor<S extends keyof ListFilters>(screen: S): ListFilters[S] {
  const filter = useSession.getState().filter;
  return filter?.screen === screen ? (filter.values as ListFilters[S]) : {};
}
