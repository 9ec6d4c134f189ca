/** Which Ascora connection the window shows, and its live state. */
import { create } from 'zustand';
import type { IntegrationStatus } from '../../../shared/domain';
import { call, ContractError } from '../api';

export type Screen = 'dashboard' | 'jobs' | 'reports' | 'customers' | 'invoices' | 'sync' | 'settings';

interface SessionState {
  loading: boolean;
  integrations: IntegrationStatus[];
  activeId: number | null;
  screen: Screen;
  error: string | null;
  load(): Promise<void>;
  setScreen(screen: Screen): void;
  connected(status: IntegrationStatus): void;
  updateStatus(status: IntegrationStatus): void;
}

export const useSession = create<SessionState>((set, get) => ({
  loading: true,
  integrations: [],
  activeId: null,
  screen: 'dashboard',
  error: null,
  async load() {
    try {
      const integrations = await call('integration.list', {});
      const activeId = integrations.some((i) => i.id === get().activeId) ? get().activeId : (integrations[0]?.id ?? null);
      set({ integrations, activeId, loading: false, error: null });
    } catch (error) {
      set({ loading: false, error: error instanceof ContractError ? error.message : String(error) });
    }
  },
  setScreen: (screen) => set({ screen }),
  connected(status) {
    set((s) => ({ integrations: [...s.integrations.filter((i) => i.id !== status.id), status], activeId: status.id, screen: 'dashboard' }));
  },
  updateStatus(status) {
    set((s) => ({ integrations: s.integrations.map((i) => (i.id === status.id ? status : i)) }));
  },
}));

export const useActiveIntegration = (): IntegrationStatus | null =>
  useSession((s) => s.integrations.find((i) => i.id === s.activeId) ?? null);
