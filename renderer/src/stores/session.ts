/**
 * Which Ascora connection the window shows, and its live state; where the person is (screen, each
 * screen's kept state), and the guard that asks before unsaved changes are left behind.
 */
import { useCallback, useEffect, useId, useRef } from 'react';
import { create } from 'zustand';
import type { IntegrationStatus, LastSyncChange } from '../../../shared/domain';
import type { AgeingBucket } from '../../../shared/invoice-figures';
import type { RecordFilter } from '../../../shared/record-state';
import { connections, setConnection, useConnections } from '../cache';

export type Screen = 'dashboard' | 'jobs' | 'reports' | 'customers' | 'invoices' | 'sync' | 'settings';
export type Focus = { entity: 'job' | 'customer' | 'invoice'; id: number };
const SCREEN_OF: Record<Focus['entity'], Screen> = { job: 'jobs', customer: 'customers', invoice: 'invoices' };
/** The window-level dialogs the shell opens (the command palette, the shortcuts sheet). */
export type ShellOverlay = 'palette' | 'shortcuts' | null;

/** The filters a list can be opened with (a figure on the Today screen opens the list behind it). */
export interface ListFilters {
  jobs: {
    statusText?: string;
    createdFrom?: string;
    createdTo?: string;
    lastSync?: LastSyncChange;
    recordState?: RecordFilter;
  };
  customers: { recordState?: RecordFilter };
  invoices: { ageing?: AgeingBucket };
}
type FilterOf<S extends Screen> = S extends keyof ListFilters ? ListFilters[S] : never;

interface SessionState {
  /** The connection the window shows (its status is the cache's: useActiveIntegration). */
  activeId: number | null;
  screen: Screen;
  /** The record a link asked to open: the screen it names opens with it (read once, when it mounts). */
  focus: Focus | null;
  /** The filter a link asked the screen to open with (read once, when it mounts). */
  filter: { screen: Screen; values: ListFilters[keyof ListFilters] } | null;
  /** Each screen's kept state (search text, filters, sort, open record), by screen then key: useScreenState. */
  screens: Partial<Record<Screen, Record<string, unknown>>>;
  /** The forms with changes not yet saved (their ids): while any, navigation asks first. */
  unsaved: string[];
  /** A navigation waiting for "Discard unsaved changes?" to be answered. */
  pendingLeave: (() => void) | null;
  overlay: ShellOverlay;
  /** What went wrong with a window-wide action (Sync now, the theme), shown in the top bar. */
  shellError: unknown;
  /** The Connect screen was asked for from Settings (another account, or after leaving the demo). */
  connecting: boolean;
  /** Shows the Connect screen over the app; closeConnect goes back (when there is a connection to go back to). */
  openConnect(): void;
  closeConnect(): void;
  setScreen<S extends Screen>(screen: S, options?: { filter?: FilterOf<S> }): void;
  /** Goes to the record's screen with the record open (a link from the Sync centre, the Dashboard). */
  openRecord(focus: Focus): void;
  connected(status: IntegrationStatus): void;
  setScreenValue(screen: Screen, key: string, value: unknown): void;
  setUnsaved(formId: string, dirty: boolean): void;
  /** Runs `go` now, or once the person agrees to discard unsaved changes. */
  leave(go: () => void): void;
  /** The answer to "Discard unsaved changes?". */
  answerLeave(discard: boolean): void;
  setOverlay(overlay: ShellOverlay): void;
  setShellError(error: unknown): void;
}

export const useSession = create<SessionState>((set, get) => ({
  activeId: null,
  screen: 'dashboard',
  focus: null,
  filter: null,
  screens: {},
  unsaved: [],
  pendingLeave: null,
  overlay: null,
  shellError: null,
  connecting: false,
  setScreen: (screen, options) =>
    get().leave(() => {
      if (!options?.filter) return set({ screen, focus: null, filter: null });
      // A list opened from a figure shows what the figure counted: a search kept from an earlier
      // visit would hide part of it.
      set((s) => ({
        screen,
        focus: null,
        filter: { screen, values: options.filter! },
        screens: { ...s.screens, [screen]: { ...s.screens[screen], search: '' } },
      }));
    }),
  openConnect: () => get().leave(() => set({ connecting: true })),
  closeConnect: () => set({ connecting: false }),
  openRecord: (focus) =>
    get().leave(() => {
      const screen = SCREEN_OF[focus.entity];
      // The screen's kept open record is this one too, so coming back later finds it open. Its
      // list starts unsearched: a search kept from earlier would hide the record opened (the list
      // clears its filters too: useClearedForFocus).
      set((s) => ({
        screen,
        focus,
        filter: null,
        screens: { ...s.screens, [screen]: { ...s.screens[screen], openId: focus.id, search: '' } },
      }));
    }),
  connected(status) {
    setConnection(status);
    set(() => ({
      activeId: status.id,
      screen: 'dashboard',
      // Another workspace: nothing kept from the last one's screens applies.
      screens: {},
      connecting: false,
    }));
  },
  setScreenValue(screen, key, value) {
    set((s) => ({ screens: { ...s.screens, [screen]: { ...s.screens[screen], [key]: value } } }));
  },
  setUnsaved(formId, dirty) {
    set((s) => {
      const others = s.unsaved.filter((id) => id !== formId);
      return { unsaved: dirty ? [...others, formId] : others };
    });
  },
  leave(go) {
    if (get().unsaved.length === 0) go();
    else set({ pendingLeave: go });
  },
  answerLeave(discard) {
    const go = get().pendingLeave;
    set(discard ? { pendingLeave: null, unsaved: [] } : { pendingLeave: null });
    if (discard) go?.();
  },
  setOverlay: (overlay) => set({ overlay }),
  setShellError: (shellError) => set({ shellError }),
}));

/** The id of the connection the window shows, outside React (a shortcut's Sync now). */
export function activeIntegrationId(): number | null {
  const list = connections();
  const { activeId } = useSession.getState();
  return (list.find((i) => i.id === activeId) ?? list[0])?.id ?? null;
}

/** The connection the window shows: the one chosen, else the first (the chosen one was removed). */
export function useActiveIntegration(): IntegrationStatus | null {
  const activeId = useSession((s) => s.activeId);
  const list = useConnections().data ?? [];
  return list.find((i) => i.id === activeId) ?? list[0] ?? null;
}

/** The id a link asked this screen to open, if any (read when the screen mounts; never written here). */
export function focusOn(entity: Focus['entity']): number | null {
  const focus = useSession.getState().focus;
  return focus?.entity === entity ? focus.id : null;
}

type SetValue<T> = (next: T | ((previous: T) => T)) => void;

/**
 * useState that outlives the screen: the value is kept in the session under (screen, key), so
 * leaving the screen and coming back finds the same search, filter, sort or open record.
 * `initial` is used only while nothing is kept yet.
 */
export function useScreenState<T>(screen: Screen, key: string, initial: T): [T, SetValue<T>] {
  const kept = useSession((s) => s.screens[screen]?.[key]) as T | undefined;
  const value = kept === undefined ? initial : kept;
  const setValue = useCallback<SetValue<T>>(
    (next) => {
      const { screens, setScreenValue } = useSession.getState();
      const previous = screens[screen]?.[key];
      const resolved =
        typeof next === 'function' ? (next as (p: T) => T)(previous === undefined ? initial : (previous as T)) : next;
      setScreenValue(screen, key, resolved);
    },
    // `initial` is read only while nothing is kept, like useState's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [screen, key],
  );
  return [value, setValue];
}

/**
 * A form says it has unsaved changes: while `dirty`, going to another screen or record (sidebar,
 * palette, shortcuts, links that call `leave`) asks "Discard unsaved changes?" first.
 */
export function useUnsavedChangesGuard(dirty: boolean): void {
  const formId = useId();
  const setUnsaved = useSession((s) => s.setUnsaved);
  useEffect(() => {
    setUnsaved(formId, dirty);
  }, [formId, dirty, setUnsaved]);
  // A form that goes away (saved and closed, or discarded) holds nothing back any more.
  useEffect(() => () => setUnsaved(formId, false), [formId, setUnsaved]);
}

/**
 * Runs `clear` (the list's own filters) each time a link elsewhere (the palette, the Sync centre,
 * Today) opens one of this list's records, also while the list is already shown: what it was
 * filtered by would hide the record opened. The kept search is cleared by openRecord itself.
 */
export function useClearedForFocus(entity: Focus['entity'], clear: () => void): void {
  const focus = useSession((s) => s.focus);
  const latestClear = useRef(clear);
  useEffect(() => {
    latestClear.current = clear;
  });
  useEffect(() => {
    if (focus?.entity === entity) latestClear.current();
  }, [focus, entity]);
}

/** The filter a link asked this list to open with, if any (read when the screen mounts; never written here). */
export function filterFor<S extends keyof ListFilters>(screen: S): ListFilters[S] {
  const filter = useSession.getState().filter;
  return filter?.screen === screen ? (filter.values as ListFilters[S]) : {};
}
