/**
 * The lists (Jobs, Customers, Invoices): rows come from main a page at a time (keyset cursor) as
 * the user scrolls, and only the rows on screen are in the DOM; nothing ever asks main for the
 * whole table.
 *
 * Drawn on @tanstack/react-virtual: a page arriving costs nothing but the count the virtualiser is
 * given (the rows drawn are the thirty or so in view, whatever was loaded), so scrolling 100,000
 * jobs stays smooth (bench case 10). React Aria's table, used before, rebuilt its collection from
 * every loaded row for each page (O(n) a page).
 *
 * The keyboard and screen-reader model is this file's own, as WAI-ARIA's grid pattern has it: the
 * body is one tab stop (roving tabindex: the focused row, always drawn, even scrolled away),
 * ArrowUp/Down, Home/End (End loads every page first), PageUp/PageDown a screenful, Space selects,
 * Shift+arrows/Space/click extend a range from the last row toggled, Ctrl+A selects every loaded
 * row, Escape clears the selection, Enter opens the row, letters find a row by its name. Shift+Tab
 * from the body goes to the column headers (buttons that sort; ArrowLeft/Right move between them
 * and their resizers, which take Enter then arrows, or a drag). `aria-rowcount` is the whole
 * match's count plus the header, and every drawn row has its `aria-rowindex`, so a screen reader
 * says "row 5,012 of 100,001" although only thirty rows exist.
 */
import {
  memo,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type CSSProperties,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range, type Virtualizer } from '@tanstack/react-virtual';
import type { Page } from '../../../shared/domain';
import { ErrorNotice } from './ErrorNotice';
import './DataTable.css';
import { plainRecord } from '../../../shared/display-text';

export interface ListColumn<T> {
  id: string;
  label: string;
  /** Width until the user resizes it: pixels, or a share of what is left ('2fr'). */
  width: number | `${number}fr`;
  minWidth?: number;
  /** The list's sort order this column stands for (the core sorts; the table only shows it). */
  sortKey?: string;
  /** Left out while a detail panel shares the width (`compact`), or the list is too narrow for all. */
  secondary?: boolean;
  /** Money: right-aligned with tabular figures. */
  money?: boolean;
  /** The cell's words: shown, and its tooltip when they are cut off. */
  text(row: T): string;
  /** Richer content than text (a badge); `text` still names it. */
  render?(row: T): ReactNode;
}

export interface Sort {
  key: string;
  direction: 'asc' | 'desc';
}

interface Props<T extends { id: number }> {
  /** The table's accessible name, e.g. "Jobs". */
  label: string;
  /** Where this list's column widths are remembered. */
  listId: string;
  /** What one row is, e.g. { one: 'job', many: 'jobs' }: the count line and the checkboxes' names. */
  noun: { one: string; many: string };
  columns: ListColumn<T>[];
  /** Changes whenever the query changes: the list starts again from the top. */
  queryKey: string;
  /**
   * Changes when the list's records changed (a sync, a batch change): read again from the top,
   * the rows shown staying until the first page comes, so the list does not flash empty.
   */
  version?: number;
  load(cursor: string | null): Promise<Page<T>>;
  onOpen(row: T): void;
  /** The row whose record is open beside the list. */
  openId?: number | null;
  sort?: Sort;
  onSort?(key: string): void;
  /**
   * The row's name for type-ahead. Its checkbox is named "Select job" plus its row header, the
   * first column ("Select job J10273"), so the first column is the one that names a row.
   */
  rowName(row: T): string;
  /** With a selection, rows get checkboxes and a select-all in the header. */
  selection?: Set<number>;
  onSelectionChange?(ids: Set<number>): void;
  /** The rows loaded so far and the whole match's count, as they change. */
  onRows?(rows: T[], total: number | null): void;
  /** A detail panel is open beside the list: show only the columns that are not secondary. */
  compact?: boolean;
  /** The list's search box: ArrowDown in it goes to the first row, ArrowUp on the first row back. */
  searchBox?: RefObject<HTMLInputElement | null>;
  /**
   * What to show when nothing matches (the list never says "0 rows"); told when the search held
   * nothing a search can use (only punctuation or emoji: the core answers none on purpose).
   */
  empty(nothingSearchable: boolean): ReactNode;
}

const ROW_HEIGHT = 34;
/** The header row's height: the body starts this far down the scrolling grid. */
const HEADING_HEIGHT = 34;
/** Rows drawn beyond the window each way, so a fast wheel does not show blank rows. */
const OVERSCAN = 4;
const SELECT_WIDTH = 40;
const KEYBOARD_RESIZE_STEP = 10;
const TYPE_AHEAD_PAUSE_MS = 600;
const NO_ROWS: never[] = [];
const WIDTHS_KEY = (listId: string) => `restoreassist.columnWidths.${listId}`;

/** Widths the user dragged, per list, kept across screens and restarts (this window's storage). */
function rememberedWidths(listId: string): Record<string, number> {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(WIDTHS_KEY(listId)) ?? '{}');
    if (!saved || typeof saved !== 'object') return {};
    return Object.fromEntries(
      Object.entries(saved).filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0),
    );
  } catch {
    return {};
  }
}

/** Rows as they are shown: Ascora's text without the characters that reorder it (shared/display-text.ts). */
const shown = <T,>(rows: T[]): T[] => rows.map(plainRecord);

/**
 * The tracks of the CSS grid every row shares. Worked out in pixels here when the list's width is
 * known, as CSS would (a share of what is left, never under a column's minimum), so each row is
 * laid out on fixed tracks: a row coming into view while scrolling costs the least layout.
 * Without a width yet (the first frame, or no layout at all), CSS shares it out.
 */
function tracks<T>(columns: ListColumn<T>[], widths: Record<string, number>, available: number | null): string[] {
  const fixed = columns.map((c) => widths[c.id] ?? (typeof c.width === 'number' ? c.width : null));
  if (available === null)
    return columns.map((c, i) => (fixed[i] !== null ? `${fixed[i]}px` : `minmax(${c.minWidth ?? 60}px, ${c.width})`));
  const sized = [...fixed];
  let free = available - fixed.reduce<number>((sum, w) => sum + (w ?? 0), 0);
  let shared = columns.map((_, i) => i).filter((i) => fixed[i] === null);
  const share = (i: number) => parseFloat(String(columns[i]!.width));
  // A share under its column's minimum takes the minimum, and the rest is shared again.
  for (;;) {
    const total = shared.reduce((sum, i) => sum + share(i), 0);
    const under = shared.filter((i) => (Math.max(free, 0) * share(i)) / total < (columns[i]!.minWidth ?? 60));
    if (under.length === 0) {
      for (const i of shared) sized[i] = (Math.max(free, 0) * share(i)) / total;
      break;
    }
    for (const i of under) {
      sized[i] = columns[i]!.minWidth ?? 60;
      free -= sized[i];
    }
    shared = shared.filter((i) => !under.includes(i));
  }
  return sized.map((w) => `${Math.floor(w! * 100) / 100}px`);
}

interface Loaded<T> {
  key: string;
  version: number;
  rows: T[];
  total: number | null;
  nothingSearchable: boolean;
}

/** The query's rows, a page at a time: `loadMore` asks for the next page unless one is on its way. */
function usePages<T>(queryKey: string, version: number, load: (cursor: string | null) => Promise<Page<T>>) {
  // The rows belong to the query they were loaded for: a new query shows none until its first page
  // (the same query read again keeps its rows until then).
  const [data, setData] = useState<Loaded<T>>({
    key: queryKey,
    version,
    rows: [],
    total: null,
    nothingSearchable: false,
  });
  const current: Loaded<T> =
    data.key === queryKey ? data : { key: queryKey, version, rows: NO_ROWS, total: null, nothingSearchable: false };
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [doneKey, setDoneKey] = useState<string | null>(null);
  const cursor = useRef<string | null>(null);
  const busy = useRef(false);
  const finished = useRef(false);
  const reading = useRef({ key: queryKey, version });
  const readingNow = `${queryKey}#${version}`;

  const loadMore = useCallback(async () => {
    if (busy.current || finished.current) return;
    busy.current = true;
    setLoading(true);
    const { key, version } = reading.current;
    const stale = () => key !== reading.current.key || version !== reading.current.version;
    try {
      const page = await load(cursor.current);
      if (stale()) return;
      cursor.current = page.nextCursor;
      finished.current = page.nextCursor === null;
      if (finished.current) setDoneKey(`${key}#${version}`);
      setData((d) => ({
        key,
        version,
        rows: d.key === key && d.version === version ? d.rows.concat(shown(page.rows)) : shown(page.rows),
        total: page.total,
        nothingSearchable: page.nothingSearchable ?? false,
      }));
      setError(null);
    } catch (e) {
      if (!stale()) setError(e);
    } finally {
      if (!stale()) {
        busy.current = false;
        setLoading(false);
      }
    }
  }, [load]);

  useEffect(() => {
    reading.current = { key: queryKey, version };
    cursor.current = null;
    finished.current = false;
    busy.current = false;
    void loadMore();
  }, [queryKey, version, loadMore]);

  const done = doneKey === readingNow && data.key === queryKey && data.version === version;
  return { ...current, loading, error, done, loadMore };
}

export function DataTable<T extends { id: number }>(props: Props<T>) {
  const { queryKey, onRows, listId, noun, searchBox } = props;
  const { rows, total, nothingSearchable, loading, error, done, loadMore } = usePages<T>(
    queryKey,
    props.version ?? 0,
    props.load,
  );
  useEffect(() => onRows?.(rows, total), [rows, total, onRows]);

  // Secondary columns leave when a panel shares the width, or when the window is too narrow for all.
  const grid = useRef<HTMLDivElement>(null);
  const selectable = props.selection !== undefined && props.onSelectionChange !== undefined;
  const width = useContentWidth(grid);
  const needed = props.columns.reduce(
    (sum, c) => sum + (typeof c.width === 'number' ? c.width : (c.minWidth ?? 60)),
    selectable ? SELECT_WIDTH : 0,
  );
  const hideSecondary = Boolean(props.compact) || (width !== null && width < needed);
  const columns = useMemo(
    () => props.columns.filter((c) => !(hideSecondary && c.secondary)),
    [props.columns, hideSecondary],
  );
  const [widths, setWidths] = useState<Record<string, number>>(() => rememberedWidths(listId));
  // Header and rows are grids on the same tracks, set once here: resizing draws no row again.
  const template = [
    ...(selectable ? [`${SELECT_WIDTH}px`] : []),
    ...tracks(columns, widths, width === null ? null : width - (selectable ? SELECT_WIDTH : 0)),
  ].join(' ');
  const saveWidth = useCallback(
    (id: string, width: number) => {
      setWidths((w) => ({ ...w, [id]: width }));
      localStorage.setItem(WIDTHS_KEY(listId), JSON.stringify({ ...rememberedWidths(listId), [id]: width }));
    },
    [listId],
  );

  // The row with the body's one tab stop (roving tabindex); always drawn, even scrolled away.
  const [focused, setFocused] = useState(0);
  const focusedIndex = Math.min(focused, Math.max(rows.length - 1, 0));
  useEffect(() => setFocused(0), [queryKey]);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (focusedIndex < range.count && !indexes.includes(focusedIndex)) indexes.push(focusedIndex);
      return indexes.sort((a, b) => a - b);
    },
    [focusedIndex],
  );
  const rowKey = useCallback((index: number) => rows[index]?.id ?? index, [rows]);
  // Read afresh each render (its range moves with the scroll); nothing here memoises what it returns.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer<HTMLDivElement, HTMLDivElement>({
    count: rows.length,
    getScrollElement: () => grid.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollMargin: HEADING_HEIGHT,
    scrollPaddingStart: HEADING_HEIGHT,
    rangeExtractor,
    // Stable between pages: a new one makes the virtualiser measure every row again (O(n) a frame).
    getItemKey: rowKey,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();

  // The next page when the window nears the end of the rows loaded.
  const lastDrawn = items.length > 0 ? items[items.length - 1]!.index : -1;
  useEffect(() => {
    if (!done && rows.length > 0 && lastDrawn >= rows.length - OVERSCAN - 1) void loadMore();
  }, [lastDrawn, rows.length, done, loadMore]);

  // Moving the focus: the row is scrolled into view, drawn (it is the tab stop), then focused.
  const focusAfterDraw = useRef<number | null>(null);
  const focusRow = useCallback(
    (index: number) => {
      setFocused(index);
      virtualizer.scrollToIndex(index, { align: 'auto' });
      const drawn = grid.current?.querySelector<HTMLElement>(`.dt-body > [data-index="${index}"]`);
      if (drawn) drawn.focus({ preventScroll: true });
      else focusAfterDraw.current = index;
    },
    [virtualizer],
  );
  useLayoutEffect(() => {
    const index = focusAfterDraw.current;
    if (index === null) return;
    const row = grid.current?.querySelector<HTMLElement>(`.dt-body > [data-index="${index}"]`);
    if (!row) return;
    focusAfterDraw.current = null;
    row.focus({ preventScroll: true });
  });

  // End: every page first (a keyset list knows its last row only when it has it).
  const [toEnd, setToEnd] = useState(false);
  useEffect(() => {
    if (!toEnd) return;
    if (!done) {
      if (!loading) void loadMore();
      return;
    }
    setToEnd(false);
    if (rows.length > 0) focusRow(rows.length - 1);
  }, [toEnd, done, loading, loadMore, rows.length, focusRow]);
  useEffect(() => setToEnd(false), [queryKey]);

  const [openRow] = useState(createOpenRowStore);
  useLayoutEffect(() => openRow.set(props.openId ?? null), [openRow, props.openId]);
  useFollowOpenRow(virtualizer, grid, rows, props.openId ?? null, focusRow);

  // The search box's ArrowDown goes to the first row.
  useEffect(() => {
    const box = searchBox?.current;
    if (!box) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'ArrowDown' || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || rows.length === 0) return;
      e.preventDefault();
      focusRow(0);
    };
    box.addEventListener('keydown', onKey);
    return () => box.removeEventListener('keydown', onKey);
  }, [searchBox, rows.length, focusRow]);

  // Selection: a range runs from the last row toggled (the anchor) and adds to what was selected then.
  const selection = props.selection;
  const anchor = useRef<{ id: number; base: Set<number> } | null>(null);
  const setSelection = (ids: Set<number>) => props.onSelectionChange?.(ids);
  const toggle = (row: T) => {
    if (!selection) return;
    const next = new Set(selection);
    if (next.has(row.id)) next.delete(row.id);
    else next.add(row.id);
    anchor.current = { id: row.id, base: next };
    setSelection(next);
  };
  const extendTo = (index: number, from: number) => {
    if (!selection) return;
    let start = anchor.current ? rows.findIndex((r) => r.id === anchor.current!.id) : -1;
    if (start < 0 || (anchor.current && !selection.has(anchor.current.id))) {
      start = from;
      anchor.current = { id: rows[from]!.id, base: new Set(selection) };
    }
    const next = new Set(anchor.current!.base);
    for (let i = Math.min(start, index); i <= Math.max(start, index); i++) next.add(rows[i]!.id);
    setSelection(next);
  };
  useEffect(() => {
    if (selection?.size === 0) anchor.current = null;
  }, [selection]);

  const typed = useRef({ text: '', at: 0 });
  const rowsInView = () =>
    Math.max(1, Math.floor(((grid.current?.clientHeight ?? 0) - HEADING_HEIGHT) / ROW_HEIGHT) - 1);

  const onBodyKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const rowElement = (e.target as HTMLElement).closest<HTMLElement>('.dt-body > [role=row][data-index]');
    if (!rowElement || rows.length === 0) return;
    const index = Number(rowElement.dataset.index);
    const row = rows[index];
    if (!row) return;
    const modified = e.ctrlKey || e.metaKey || e.altKey;
    const move = (to: number) => {
      e.preventDefault();
      setToEnd(false);
      const target = Math.max(0, Math.min(to, rows.length - 1));
      if (e.shiftKey && selectable) extendTo(target, index);
      focusRow(target);
      // Near the end of what is loaded, the next page is asked for (arrows run ahead of the scroll).
      if (target >= rows.length - OVERSCAN && !done) void loadMore();
    };
    switch (e.key) {
      case 'ArrowDown':
        if (!modified) move(index + 1);
        return;
      case 'ArrowUp':
        if (modified) return;
        if (index === 0 && !e.shiftKey && searchBox?.current) {
          e.preventDefault();
          searchBox.current.focus();
          return;
        }
        move(index - 1);
        return;
      case 'PageDown':
        if (!modified) move(index + rowsInView());
        return;
      case 'PageUp':
        if (!modified) move(index - rowsInView());
        return;
      case 'Home':
        if (!e.altKey) move(0);
        return;
      case 'End':
        if (e.altKey) return;
        e.preventDefault();
        if (e.shiftKey && selectable && done) extendTo(rows.length - 1, index);
        if (done) focusRow(rows.length - 1);
        else setToEnd(true);
        return;
      case 'Enter':
        if (modified || e.shiftKey) return;
        e.preventDefault();
        props.onOpen(row);
        return;
      case ' ':
        if (!selectable || modified) return;
        e.preventDefault();
        if (e.shiftKey) extendTo(index, index);
        else toggle(row);
        return;
      case 'Escape':
        if (!selection || selection.size === 0) return;
        e.preventDefault();
        e.stopPropagation();
        setSelection(new Set());
        return;
      case 'Tab':
        if (!e.shiftKey) return;
        // Back to the column headers (the row before the body), then on out of the grid.
        if (focusHeader(grid.current)) e.preventDefault();
        return;
      default:
    }
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'a' && selectable) {
      e.preventDefault();
      setSelection(new Set(rows.map((r) => r.id)));
      return;
    }
    // Type-ahead: a printable key finds the next row whose name starts with what was typed.
    if (e.key.length === 1 && !modified && e.key !== ' ') {
      const now = performance.now();
      const text = (now - typed.current.at < TYPE_AHEAD_PAUSE_MS ? typed.current.text : '') + e.key.toLowerCase();
      typed.current = { text, at: now };
      const starts = (r: T) => props.rowName(r).toLowerCase().startsWith(text);
      const after = rows.findIndex((r, i) => i > index - (text.length > 1 ? 1 : 0) && starts(r));
      const found = after >= 0 ? after : rows.findIndex(starts);
      if (found >= 0) {
        e.preventDefault();
        focusRow(found);
      }
    }
  };

  const rowAt = (element: HTMLElement) => {
    const rowElement = element.closest<HTMLElement>('.dt-body > [role=row][data-index]');
    const index = rowElement ? Number(rowElement.dataset.index) : -1;
    return { index, row: rows[index] };
  };
  // A click opens the row's record; once rows are selected it toggles them instead (Shift: a range).
  const onBodyClick = (e: MouseEvent<HTMLDivElement>) => {
    const { index, row } = rowAt(e.target as HTMLElement);
    if (!row) return;
    const check = (e.target as HTMLElement).closest('.dt-check');
    if (selectable && (check || (selection && selection.size > 0))) {
      if (e.shiftKey) extendTo(index, focusedIndex);
      else toggle(row);
      return;
    }
    props.onOpen(row);
  };
  const onBodyFocus = (e: FocusEvent<HTMLDivElement>) => {
    const { index } = rowAt(e.target);
    if (index >= 0 && index !== focused) setFocused(index);
  };

  // Worked out when the rows or the selection change, not for each frame of a scroll.
  const [allSelected, someSelected] = useMemo(() => {
    if (!selection || selection.size === 0 || rows.length === 0) return [false, false];
    const all = selection.size >= rows.length && rows.every((r) => selection.has(r.id));
    return [all, !all && rows.some((r) => selection.has(r.id))];
  }, [rows, selection]);
  const { onSelectionChange } = props;
  const onSelectAll = useCallback(
    () => onSelectionChange?.(allSelected ? new Set() : new Set(rows.map((r) => r.id))),
    [onSelectionChange, allSelected, rows],
  );
  const onHeaderDown = useCallback(() => {
    if (rows.length > 0) focusRow(focusedIndex);
  }, [rows.length, focusRow, focusedIndex]);
  const rowCount = total === null ? -1 : total === 0 ? 2 : total + 1;
  const idPrefix = useId();
  const rowHeaderId = (id: number) => `${idPrefix}-r${id}`;
  const bodyHeight = virtualizer.getTotalSize() + (!done && rows.length > 0 ? ROW_HEIGHT : 0);

  return (
    <div className="dt">
      <div className="dt-meta" aria-live="polite">
        {total === null ? 'Loading…' : total > 0 ? countText(total, noun) : ''}
      </div>
      <ErrorNotice error={error} />
      <div className="dt-frame">
        <div
          ref={grid}
          role="grid"
          aria-label={props.label}
          aria-rowcount={rowCount}
          aria-colcount={columns.length + (selectable ? 1 : 0)}
          aria-multiselectable={selectable || undefined}
          className="dt-table"
          style={{ '--dt-columns': template } as CSSProperties}
        >
          <HeaderRow
            columns={columns}
            sort={props.sort}
            onSort={props.onSort}
            idPrefix={idPrefix}
            selectAll={selectable ? `Select all loaded ${noun.many}` : null}
            allSelected={allSelected}
            someSelected={someSelected}
            onSelectAll={onSelectAll}
            onResize={saveWidth}
            onDown={onHeaderDown}
          />
          <div
            role="rowgroup"
            className="dt-body"
            style={{ height: total === 0 ? undefined : bodyHeight }}
            onKeyDown={onBodyKeyDown}
            onClick={onBodyClick}
            onFocus={onBodyFocus}
          >
            {total === 0 ? (
              <div role="row" aria-rowindex={2} className="dt-empty-row">
                <div role="gridcell" aria-colspan={columns.length + (selectable ? 1 : 0)} className="dt-empty">
                  {props.empty(nothingSearchable)}
                </div>
              </div>
            ) : null}
            {items.map((item) => {
              const row = rows[item.index]!;
              return (
                <DataRow
                  key={row.id}
                  row={row}
                  index={item.index}
                  top={item.start - HEADING_HEIGHT}
                  columns={columns}
                  tabbable={item.index === focusedIndex}
                  selected={selectable ? selection!.has(row.id) : undefined}
                  checkLabel={`Select ${noun.one}`}
                  headerId={rowHeaderId(row.id)}
                  openRow={openRow}
                />
              );
            })}
            {!done && rows.length > 0 ? (
              <div className="dt-loading" aria-hidden="true" style={{ top: virtualizer.getTotalSize() }}>
                {loading || toEnd ? 'Loading more…' : ''}
              </div>
            ) : null}
          </div>
        </div>
      </div>
    </div>
  );
}

/** Moves the focus to the column headers' own stop (the one last focused, else the first). */
function focusHeader(grid: HTMLElement | null): boolean {
  const header = grid?.querySelector<HTMLElement>('.dt-head-row');
  const target =
    header?.querySelector<HTMLElement>('[data-header-stop="true"]') ?? header?.querySelector<HTMLElement>(HEADER_STOPS);
  target?.focus();
  return Boolean(target);
}

/** What the keyboard stops at in the header row: the select-all box, each sort button and resizer. */
const HEADER_STOPS = '.dt-check-input, .dt-column-button, .dt-resizer';

/** The header row: memoised, so a scroll's frames do not draw it again. */
interface HeaderRowProps<T> {
  columns: ListColumn<T>[];
  sort?: Sort;
  onSort?(key: string): void;
  idPrefix: string;
  /** The select-all box's name, or null: the list has no selection. */
  selectAll: string | null;
  allSelected: boolean;
  someSelected: boolean;
  onSelectAll(): void;
  onResize(id: string, width: number): void;
  onDown(): void;
}

const HeaderRow = memo(function HeaderRow<T>(props: HeaderRowProps<T>) {
  const { selectAll, someSelected } = props;
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = someSelected;
  }, [someSelected]);
  // ArrowLeft/Right between the header's stops; ArrowDown back to the rows; the last one focused keeps the stop.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    if (target.closest('.dt-resizer[data-resizing="true"]')) return;
    const stops = [...e.currentTarget.querySelectorAll<HTMLElement>(HEADER_STOPS)];
    const at = stops.indexOf(target);
    const to = (i: number) => {
      e.preventDefault();
      stops[Math.max(0, Math.min(i, stops.length - 1))]?.focus();
    };
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'ArrowRight') to(at + 1);
    else if (e.key === 'ArrowLeft') to(at - 1);
    else if (e.key === 'Home') to(0);
    else if (e.key === 'End') to(stops.length - 1);
    else if (e.key === 'ArrowDown') {
      e.preventDefault();
      props.onDown();
    }
  };
  const onFocus = (e: FocusEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    // A column header focused itself (a click on its edge, a script) hands the focus to its button.
    if (target.getAttribute('role') === 'columnheader') {
      target.querySelector<HTMLElement>(HEADER_STOPS)?.focus();
      return;
    }
    for (const stop of e.currentTarget.querySelectorAll<HTMLElement>(HEADER_STOPS))
      stop.dataset.headerStop = String(stop === target);
  };
  return (
    <div role="rowgroup" className="dt-head">
      <div role="row" aria-rowindex={1} className="dt-head-row" onKeyDown={onKeyDown} onFocus={onFocus}>
        {selectAll ? (
          <div role="columnheader" className="dt-column dt-select">
            <label className="dt-check">
              <input
                ref={box}
                type="checkbox"
                className="dt-check-input"
                tabIndex={-1}
                aria-label={selectAll}
                checked={props.allSelected}
                onChange={props.onSelectAll}
              />
            </label>
          </div>
        ) : null}
        {props.columns.map((c) => (
          <ColumnHeader
            key={c.id}
            column={c}
            labelId={`${props.idPrefix}-${c.id}`}
            sorted={c.sortKey && c.sortKey === props.sort?.key ? props.sort.direction : null}
            onSort={props.onSort}
            onResize={props.onResize}
          />
        ))}
      </div>
    </div>
  );
}) as <T>(props: HeaderRowProps<T>) => ReactNode;

function ColumnHeader<T>(props: {
  column: ListColumn<T>;
  labelId: string;
  sorted: 'asc' | 'desc' | null;
  onSort?(key: string): void;
  onResize(id: string, width: number): void;
}) {
  const { column: c, sorted } = props;
  const sortable = Boolean(c.sortKey && props.onSort);
  const header = useRef<HTMLDivElement>(null);
  return (
    <div
      ref={header}
      role="columnheader"
      tabIndex={-1}
      // Named by its label alone: named from its content it would read the resizer too.
      aria-labelledby={props.labelId}
      aria-sort={sortable ? (sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none') : undefined}
      className={c.money ? 'dt-column dt-money' : 'dt-column'}
      data-sorted={sorted ?? undefined}
    >
      {sortable ? (
        <button
          type="button"
          id={props.labelId}
          tabIndex={-1}
          className="dt-column-button dt-column-label"
          onClick={() => props.onSort!(c.sortKey!)}
        >
          {c.label}
        </button>
      ) : (
        <span id={props.labelId} className="dt-column-label">
          {c.label}
        </span>
      )}
      <SortArrow direction={sorted} />
      <ColumnResizer
        label={`Resize ${c.label} column`}
        minWidth={c.minWidth ?? 60}
        header={header}
        onResize={(width) => props.onResize(c.id, width)}
      />
    </div>
  );
}

/**
 * A column's right edge: drag it, or focus it (ArrowRight from the column's button), press Enter,
 * then ArrowLeft/Right 10 px at a time and Enter (or Escape) to finish. The width is remembered.
 */
function ColumnResizer(props: {
  label: string;
  minWidth: number;
  header: RefObject<HTMLDivElement | null>;
  onResize(width: number): void;
}) {
  const [resizing, setResizing] = useState(false);
  const [width, setWidth] = useState<number | null>(null);
  const current = () => Math.round(props.header.current?.getBoundingClientRect().width ?? props.minWidth);
  const set = (w: number) => {
    const next = Math.max(props.minWidth, Math.round(w));
    setWidth(next);
    props.onResize(next);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      setResizing((r) => !r);
      return;
    }
    if (!resizing) return;
    if (e.key === 'Escape' || e.key === 'Tab') {
      setResizing(false);
      if (e.key === 'Escape') e.preventDefault();
      return;
    }
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      e.stopPropagation();
      set(current() + (e.key === 'ArrowRight' ? KEYBOARD_RESIZE_STEP : -KEYBOARD_RESIZE_STEP));
    }
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    const startX = e.clientX;
    const startWidth = current();
    const handle = e.currentTarget;
    handle.setPointerCapture(e.pointerId);
    setResizing(true);
    const onMove = (m: globalThis.PointerEvent) => set(startWidth + m.clientX - startX);
    const onUp = () => {
      handle.removeEventListener('pointermove', onMove);
      handle.removeEventListener('pointerup', onUp);
      handle.removeEventListener('pointercancel', onUp);
      setResizing(false);
    };
    handle.addEventListener('pointermove', onMove);
    handle.addEventListener('pointerup', onUp);
    handle.addEventListener('pointercancel', onUp);
  };
  return (
    <div
      role="slider"
      tabIndex={-1}
      aria-label={props.label}
      aria-orientation="horizontal"
      aria-valuemin={props.minWidth}
      aria-valuemax={2000}
      aria-valuenow={width ?? props.minWidth}
      aria-valuetext={width === null ? undefined : `${width} pixels`}
      className="dt-resizer"
      data-resizing={resizing}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onFocus={() => setWidth(current())}
      onBlur={() => setResizing(false)}
      onClick={(e) => e.stopPropagation()}
    />
  );
}

/** The row whose record is open beside the list, for the rows to read without all being drawn again. */
interface OpenRowStore {
  get(): number | null;
  set(id: number | null): void;
  subscribe(listener: () => void): () => void;
}

function createOpenRowStore(): OpenRowStore {
  let openId: number | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => openId,
    set(id) {
      if (id === openId) return;
      openId = id;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

interface RowProps<T> {
  row: T;
  index: number;
  top: number;
  columns: ListColumn<T>[];
  tabbable: boolean;
  /** undefined: the list has no selection. */
  selected: boolean | undefined;
  checkLabel: string;
  headerId: string;
  openRow: OpenRowStore;
}

/**
 * One drawn row. Memoised: while scrolling, the rows already drawn keep their place and are not
 * drawn again; only those coming into view are. The open mark comes from a store, and redraws the
 * row's own element only, not its cells.
 */
const DataRow = memo(function DataRow<T extends { id: number }>(props: RowProps<T>) {
  const { row, openRow, selected } = props;
  const isOpen = useSyncExternalStore(openRow.subscribe, () => openRow.get() === row.id);
  return (
    <div
      role="row"
      aria-rowindex={props.index + 2}
      aria-selected={selected}
      tabIndex={props.tabbable ? 0 : -1}
      data-index={props.index}
      data-row-id={row.id}
      className={isOpen ? 'dt-row open' : 'dt-row'}
      style={{ transform: `translateY(${props.top}px)` }}
    >
      <RowCells
        row={row}
        columns={props.columns}
        selected={selected}
        checkLabel={props.checkLabel}
        headerId={props.headerId}
      />
    </div>
  );
}) as <T extends { id: number }>(props: RowProps<T>) => ReactNode;

const RowCells = memo(function RowCells<T extends { id: number }>(
  props: Pick<RowProps<T>, 'row' | 'columns' | 'selected' | 'checkLabel' | 'headerId'>,
) {
  const { row, selected } = props;
  const checkId = `${props.headerId}-check`;
  return (
    <>
      {selected !== undefined ? (
        <div role="gridcell" className="dt-cell dt-select">
          <div className="dt-check">
            <input
              id={checkId}
              type="checkbox"
              className="dt-check-input"
              tabIndex={-1}
              aria-label={props.checkLabel}
              aria-labelledby={`${checkId} ${props.headerId}`}
              checked={selected}
              // The body's click toggles it (with Shift, a range): the box only shows the state.
              readOnly
            />
          </div>
        </div>
      ) : null}
      {props.columns.map((c, i) => (
        <div
          key={c.id}
          role={i === 0 ? 'rowheader' : 'gridcell'}
          id={i === 0 ? props.headerId : undefined}
          className={c.money ? 'dt-cell dt-money' : 'dt-cell'}
        >
          {c.render ? c.render(row) : <CellText text={c.text(row)} />}
        </div>
      ))}
    </>
  );
}) as <T extends { id: number }>(
  props: Pick<RowProps<T>, 'row' | 'columns' | 'selected' | 'checkLabel' | 'headerId'>,
) => ReactNode;

/** How many frames a scroll to the open row is tried again while the virtualiser settles. */
const FOLLOW_FRAMES = 10;

/**
 * Keeps the open record's row in view. When a record is opened (a click, j/k, the palette, the Sync
 * centre), its row is scrolled into view as soon as it is loaded (the palette may open one before
 * its page arrives), and if the list had the focus the focus moves to that row. Once shown, a
 * person's own scrolling is left alone.
 */
function useFollowOpenRow<T extends { id: number }>(
  virtualizer: Virtualizer<HTMLDivElement, HTMLDivElement>,
  grid: RefObject<HTMLDivElement | null>,
  rows: T[],
  openId: number | null,
  focusRow: (index: number) => void,
): void {
  const toShow = useRef<number | null>(null);
  useLayoutEffect(() => {
    toShow.current = openId;
  }, [openId]);
  useEffect(() => {
    const id = toShow.current;
    const element = grid.current;
    const index = id === null ? -1 : rows.findIndex((r) => r.id === id);
    if (!element || index < 0) return;
    toShow.current = null;
    const focusedRow = element.contains(document.activeElement)
      ? document.activeElement?.closest<HTMLElement>('[data-row-id]')
      : null;
    if (focusedRow != null && focusedRow.dataset.rowId !== String(id)) {
      focusRow(index);
      return;
    }
    const top = HEADING_HEIGHT + index * ROW_HEIGHT;
    const inView = () =>
      top - HEADING_HEIGHT >= element.scrollTop && top + ROW_HEIGHT <= element.scrollTop + element.clientHeight;
    // The virtualiser learns its size and new rows' places a frame or so later: until then a
    // scroll can fall short, so it is tried again for a few frames.
    let frames = 0;
    let request = 0;
    const follow = () => {
      if (inView() || ++frames > FOLLOW_FRAMES) return;
      virtualizer.scrollToIndex(index, { align: 'auto' });
      request = requestAnimationFrame(follow);
    };
    follow();
    return () => cancelAnimationFrame(request);
  }, [virtualizer, grid, rows, openId, focusRow]);
}

/** The element's width inside its border and scrollbar, as it changes (null until measured). */
function useContentWidth(element: RefObject<HTMLElement | null>): number | null {
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const observed = element.current;
    if (!observed || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(observed);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

export function countText(n: number, noun: { one: string; many: string }): string {
  return `${n.toLocaleString('en-AU')} ${n === 1 ? noun.one : noun.many}`;
}

/** A cell's words, cut off with an ellipsis (whole in its tooltip); `detail` follows them, muted, and is cut first. */
export function CellText({ text, detail }: { text: string; detail?: string }) {
  return (
    <span
      className="dt-text"
      onPointerEnter={(e) => {
        // Measured when the pointer arrives: only then is it known to be cut off.
        const el = e.currentTarget;
        el.title = el.scrollWidth > el.clientWidth ? (detail ? `${text} · ${detail}` : text) : '';
      }}
    >
      {text}
      {detail ? <span className="muted"> · {detail}</span> : null}
    </span>
  );
}

/** The sort shown beside the label; screen readers hear it from aria-sort, not as part of the name. */
function SortArrow({ direction }: { direction: 'asc' | 'desc' | null }) {
  return (
    <span className="dt-sort" aria-hidden="true">
      {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : ''}
    </span>
  );
}
