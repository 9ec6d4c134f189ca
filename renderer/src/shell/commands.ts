/**
 * The app's screens and window-wide actions, in one table: the sidebar, the command palette, the
 * keyboard shortcuts and the shortcuts sheet all read it, so they never disagree.
 */
import { call } from '../api';
import { activeIntegrationId, useSession, type Screen } from '../stores/session';
import { useTheme } from '../stores/theme';
import { openToEnter } from '../screens/ToEnter';

export interface ScreenEntry {
  screen: Screen;
  label: string;
  /** Words the palette also finds it by (the sidebar shows `label` alone, the same at every width). */
  keywords?: string;
  /** The second key of "g then …". */
  goKey: string;
}

export const SCREENS: ScreenEntry[] = [
  { screen: 'dashboard', label: 'Today', goKey: 't' },
  { screen: 'jobs', label: 'Jobs', goKey: 'j' },
  { screen: 'reports', label: 'Report to job', keywords: 'reports', goKey: 'r' },
  { screen: 'customers', label: 'Customers', goKey: 'c' },
  { screen: 'invoices', label: 'Invoices', goKey: 'i' },
  { screen: 'sync', label: 'Sync centre', goKey: 's' },
  { screen: 'settings', label: 'Settings', goKey: ',' },
];

export interface ActionEntry {
  id: string;
  label: string;
  /** Words that also find it in the palette. */
  keywords?: string;
  run(): void;
}

export const ACTIONS: ActionEntry[] = [
  { id: 'sync-now', label: 'Sync now', keywords: 'send fetch refresh', run: () => startSync() },
  {
    id: 'full-check',
    label: 'Full check now',
    keywords: 'sync everything compare',
    run: () => startSync('full'),
  },
  {
    id: 'new-report',
    label: 'New job from a report (or import reports)',
    keywords: 'report import create',
    run: () => useSession.getState().setScreen('reports'),
  },
  {
    id: 'to-enter',
    label: 'To enter in Ascora (statuses, notes, attachments kept here)',
    keywords: 'local only by hand technicians done entered',
    run: () => openToEnter(),
  },
  {
    id: 'toggle-theme',
    label: 'Toggle light and dark',
    keywords: 'theme dark mode light colours appearance',
    run: () =>
      void useTheme
        .getState()
        .toggle()
        .catch((e: unknown) => useSession.getState().setShellError(e)),
  },
  {
    id: 'shortcuts',
    label: 'Show keyboard shortcuts',
    keywords: 'help keys',
    run: () => useSession.getState().setOverlay('shortcuts'),
  },
];

/** Sync now (the tray's and the top bar's call); what goes wrong is shown in the top bar. */
export function startSync(kind?: 'full'): void {
  const { setShellError } = useSession.getState();
  const activeId = activeIntegrationId();
  if (activeId === null) return;
  setShellError(null);
  call('sync.now', { integrationId: activeId, ...(kind ? { kind } : {}) }).catch(setShellError);
}

/** How the palette's key is written on this computer (a Mac's Command key, else Ctrl). */
export const PALETTE_KEY = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform) ? '⌘K' : 'Ctrl K';

/** The keyboard shortcuts, as the help sheet lists them (handled in shell/useShortcuts.ts). */
export const SHORTCUTS: { keys: string[]; what: string }[] = [
  { keys: ['Ctrl+K', '⌘K'], what: 'Command palette: screens, records and actions' },
  { keys: ['?'], what: 'This list of shortcuts' },
  { keys: ['/'], what: "Search on this screen (the screen's search box)" },
  ...SCREENS.map((s, i) => ({ keys: [`g then ${s.goKey}`, `Alt+${i + 1}`], what: `Go to ${s.label}` })),
  { keys: ['↑', '↓', 'Enter'], what: 'Move in a list or the palette, open the record' },
  // components/record-steps.ts
  { keys: ['j', 'Alt+↓'], what: 'Next record of the list, while one is open beside it' },
  { keys: ['k', 'Alt+↑'], what: 'Previous record of the list, while one is open beside it' },
  { keys: ['Esc'], what: 'Close the open record, dialog or palette' },
  { keys: ['Tab'], what: 'First stop: "Skip to content", past the sidebar' },
];
