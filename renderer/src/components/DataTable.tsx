/**
 * The lists (Jobs, Customers, Invoices): rows come from main a page at a time (keyset cursor) as
 * the user scrolls, and only the rows on screen are in the DOM; nothing ever asks main for the
 * whole table.
 *
 * Two libraries share the work. TanStack Table holds the column model: the columns, which are
 * shown (secondary ones leave when a panel shares the width), their remembered widths and the
 * sort. React Aria's Table renders it on its own virtualiser (TableLayout) and owns everything a
 * keyboard or screen reader touches: one tab stop with roving focus, arrows, Home/End,
 * PageUp/PageDown, Space to select, Shift+arrow and Shift+click ranges, select all, aria-sort,
 * and the resizers (drag, or Enter then arrows). Its Table cannot sit on @tanstack/react-virtual
 * (it must know which rows exist to move focus to one that is not rendered), so its own
 * Virtualizer replaced that.
 *
 * React Aria keeps every loaded row in its collection, so a page arriving must cost the size of
 * the page, not of the list: each page's rows are their own memoised <Collection> (the pages
 * already loaded are skipped whole), a row is the row object main sent (React Aria reuses a row
 * it has drawn for the same object), and what changes a row's look without changing its data (the
 * open record) reaches the two rows concerned through a small store instead of redrawing them all.
 */
import {
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnSizingState,
} from '@tanstack/react-table';
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
  type KeyboardEvent,
  type ReactElement,
  type ReactNode,
  type RefObject,
} from 'react';
import {
  Cell,
  Checkbox,
  Collection,
  Column,
  ColumnResizer,
  ResizableTableContainer,
  Row,
  Table,
  TableBody,
  TableHeader,
  TableLayout,
  TableLoadMoreItem,
  Virtualizer,
  type Key,
  type Selection,
} from 'react-aria-components';
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
  /** Left out while a detail panel shares the width (`compact`). */
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
  /**
   * What to show when nothing matches (the list never says "0 rows"); told when the search held
   * nothing a search can use (only punctuation or emoji: the core answers none on purpose).
   */
  empty(nothingSearchable: boolean): ReactNode;
}

const ROW_HEIGHT = 34;
/** The header row's height, as TableLayout is given it below. */
const HEADING_HEIGHT = 34;
const NO_ROWS: never[] = [];
const NO_PAGES: never[][] = [];
const features = tableFeatures({ columnVisibilityFeature, columnSizingFeature, rowSortingFeature });
const WIDTHS_KEY = (listId: string) => `restoreassist.columnWidths.${listId}`;

/** Widths the user dragged, per list, kept across screens and restarts (this window's storage). */
function rememberedWidths(listId: string): ColumnSizingState {
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

export function DataTable<T extends { id: number }>(props: Props<T>) {
  const { load, queryKey, onRows, listId } = props;
  // The rows belong to the query they were loaded for: a new query shows none until its first page.
  // Kept as the pages they came in: a page once drawn is never drawn again (see PageOfRows).
  const [data, setData] = useState<{ key: string; pages: T[][]; total: number | null; nothingSearchable: boolean }>({
    key: queryKey,
    pages: [],
    total: null,
    nothingSearchable: false,
  });
  const { pages, total, nothingSearchable } =
    data.key === queryKey ? data : { pages: NO_PAGES as T[][], total: null, nothingSearchable: false };
  const rows = useMemo(() => pages.flat(), [pages]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const cursor = useRef<string | null>(null);
  const busy = useRef(false);
  const done = useRef(false);
  const currentKey = useRef(queryKey);

  const loadMore = useCallback(async () => {
    if (busy.current || done.current) return;
    busy.current = true;
    setLoading(true);
    const key = currentKey.current;
    try {
      const page = await load(cursor.current);
      if (key !== currentKey.current) return;
      cursor.current = page.nextCursor;
      done.current = page.nextCursor === null;
      setData((d) => ({
        key,
        pages: d.key === key ? [...d.pages, shown(page.rows)] : [shown(page.rows)],
        total: page.total,
        nothingSearchable: page.nothingSearchable ?? false,
      }));
      setError(null);
    } catch (e) {
      if (key === currentKey.current) setError(e);
    } finally {
      if (key === currentKey.current) {
        busy.current = false;
        setLoading(false);
      }
    }
  }, [load]);

  useEffect(() => {
    currentKey.current = queryKey;
    cursor.current = null;
    done.current = false;
    busy.current = false;
    void loadMore();
  }, [queryKey, loadMore]);

  useEffect(() => onRows?.(rows, total), [rows, total, onRows]);

  const [columnSizing, setColumnSizing] = useState<ColumnSizingState>(() => rememberedWidths(listId));
  const tanstackColumns = useMemo(() => {
    const helper = createColumnHelper<typeof features, T>();
    return helper.columns(
      props.columns.map((c) =>
        helper.accessor((row) => c.text(row), { id: c.id, header: c.label, enableSorting: Boolean(c.sortKey) }),
      ),
    );
  }, [props.columns]);
  // Secondary columns leave when a panel shares the width, or when the window is too narrow for all.
  const frame = useRef<HTMLDivElement>(null);
  const narrow = useNarrow(frame, props.columns);
  const hideSecondary = Boolean(props.compact) || narrow;
  const columnVisibility = useMemo(
    () => Object.fromEntries(props.columns.map((c) => [c.id, !(hideSecondary && c.secondary)])),
    [props.columns, hideSecondary],
  );
  const sortedColumn = props.columns.find((c) => c.sortKey && c.sortKey === props.sort?.key);
  const sorting = useMemo(
    () => (sortedColumn && props.sort ? [{ id: sortedColumn.id, desc: props.sort.direction === 'desc' }] : []),
    [sortedColumn, props.sort],
  );
  // TanStack holds the column model only: the rows go to React Aria as they are (see PageOfRows).
  const table = useTable({
    features,
    columns: tanstackColumns,
    data: NO_ROWS as T[],
    getRowId: (row) => String(row.id),
    manualSorting: true,
    state: { columnVisibility, columnSizing, sorting },
    onColumnSizingChange: setColumnSizing,
  });
  const visible = table.getVisibleLeafColumns();
  const definition = (id: string) => props.columns.find((c) => c.id === id)!;

  // Only the column the user dragged is remembered: React Aria also fixes the columns left of it
  // in pixels, and remembering those would stop them following the window's width.
  const widthsAtStart = useRef<Map<Key, number | string>>(new Map());
  const saveWidths = (widths: Map<Key, number | string>) => {
    const dragged = Object.fromEntries(
      [...widths]
        .filter((e): e is [Key, number] => typeof e[1] === 'number' && e[1] !== widthsAtStart.current.get(e[0]))
        .map(([k, w]) => [String(k), Math.round(w)]),
    );
    table.setColumnSizing((s) => ({ ...s, ...dragged }));
    localStorage.setItem(WIDTHS_KEY(listId), JSON.stringify({ ...rememberedWidths(listId), ...dragged }));
  };

  const idPrefix = useId();
  const selectable = props.selection !== undefined && props.onSelectionChange !== undefined;

  const [openRow] = useState(createOpenRowStore);
  useLayoutEffect(() => openRow.set(props.openId ?? null), [openRow, props.openId]);
  useFollowOpenRow(frame, rows, props.openId ?? null);
  // The screens hand a new rowName each render (an inline arrow); the row's name for type-ahead
  // never changes meaning, so the latest is read without drawing the rows again.
  const rowName = useRef(props.rowName);
  useLayoutEffect(() => {
    rowName.current = props.rowName;
  });
  const { noun } = props;
  const shownColumns = useMemo(
    () => props.columns.filter((c) => columnVisibility[c.id]),
    [props.columns, columnVisibility],
  );
  // One row, drawn again only when the columns shown or the checkboxes change (then every row is).
  const renderRow = useCallback(
    (row: T) => {
      return (
        <DataRow key={row.id} id={String(row.id)} rowId={row.id} name={rowName.current(row)} openRow={openRow}>
          {selectable ? (
            <Cell className="dt-cell dt-select">
              <Checkbox slot="selection" aria-label={`Select ${noun.one}`} className="dt-check">
                {CheckMark}
              </Checkbox>
            </Cell>
          ) : null}
          {shownColumns.map((c) => (
            <Cell key={c.id} className={c.money ? 'dt-cell dt-money' : 'dt-cell'}>
              {c.render ? c.render(row) : <CellText text={c.text(row)} />}
            </Cell>
          ))}
        </DataRow>
      );
    },
    [shownColumns, selectable, noun.one, openRow],
  );
  const rowById = (id: Key) => rows.find((r) => String(r.id) === String(id));
  // React Aria's own selection object carries the anchor a Shift+click range starts from: it is
  // handed back as long as it holds the same rows as the screen's selection.
  const [lastSelection, setLastSelection] = useState<Selection | null>(null);
  const selectedKeys = useMemo(() => {
    if (!props.selection) return undefined;
    if (lastSelection && lastSelection !== 'all' && sameIds(lastSelection, props.selection)) return lastSelection;
    return new Set([...props.selection].map(String));
  }, [props.selection, lastSelection]);
  const onSelectionChange = (keys: Selection) => {
    setLastSelection(keys);
    // "All" is every row loaded under the current search and filters.
    const ids = keys === 'all' ? rows.map((r) => r.id) : [...keys].map(Number);
    props.onSelectionChange!(new Set(ids));
  };
  // Enter opens the row's record even while rows are selected (React Aria would toggle it then).
  const openOnEnter = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Enter' || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const rowElement = (e.target as HTMLElement).closest<HTMLElement>('[data-row-id]');
    const row = rowElement ? rowById(rowElement.dataset.rowId!) : undefined;
    if (!row) return;
    e.preventDefault();
    e.stopPropagation();
    props.onOpen(row);
  };

  return (
    <div className="dt">
      <div className="dt-meta" aria-live="polite">
        {total === null ? 'Loading…' : total > 0 ? countText(total, props.noun) : ''}
      </div>
      <ErrorNotice error={error} />
      <div className="dt-frame" ref={frame} onKeyDownCapture={openOnEnter}>
        <ResizableTableContainer
          className="dt-container"
          onResizeStart={(widths) => (widthsAtStart.current = widths)}
          onResizeEnd={saveWidths}
        >
          <Virtualizer layout={TableLayout} layoutOptions={{ rowHeight: ROW_HEIGHT, headingHeight: HEADING_HEIGHT }}>
            <Table
              aria-label={props.label}
              className="dt-table"
              selectionMode={selectable ? 'multiple' : 'none'}
              selectionBehavior="toggle"
              selectedKeys={selectable ? selectedKeys : undefined}
              onSelectionChange={selectable ? onSelectionChange : undefined}
              sortDescriptor={
                sortedColumn && props.sort
                  ? { column: sortedColumn.id, direction: props.sort.direction === 'asc' ? 'ascending' : 'descending' }
                  : undefined
              }
              onSortChange={(d) => {
                const key = definition(String(d.column)).sortKey;
                if (key) props.onSort?.(key);
              }}
              onRowAction={(id) => {
                const row = rowById(id);
                if (row) props.onOpen(row);
              }}
            >
              <TableHeader className="dt-head">
                {selectable ? (
                  <Column id="select" width={40} minWidth={40} className="dt-column dt-select">
                    <Checkbox slot="selection" aria-label={`Select all loaded ${props.noun.many}`} className="dt-check">
                      {CheckMark}
                    </Checkbox>
                  </Column>
                ) : null}
                {visible.map((column, index) => {
                  const c = definition(column.id);
                  const width = columnSizing[c.id] ?? c.width;
                  return (
                    <Column
                      key={c.id}
                      id={c.id}
                      isRowHeader={index === 0}
                      allowsSorting={column.getCanSort()}
                      defaultWidth={width}
                      minWidth={c.minWidth ?? 60}
                      textValue={c.label}
                      focusMode="cell"
                      className={c.money ? 'dt-column dt-money' : 'dt-column'}
                      // The header's name is its label alone: named from its content it would read
                      // the resizer inside it too ("Job Resize Job column"). React Aria takes no
                      // aria-labelledby for a column, so it is set on the element.
                      ref={(element) => element?.setAttribute('aria-labelledby', `${idPrefix}-${c.id}`)}
                    >
                      {() => (
                        <div className="dt-column-inner">
                          <span className="dt-column-label" id={`${idPrefix}-${c.id}`}>
                            {c.label}
                          </span>
                          <SortArrow direction={column.getIsSorted()} />
                          <ColumnResizer className="dt-resizer" aria-label={`Resize ${c.label} column`} />
                        </div>
                      )}
                    </Column>
                  );
                })}
              </TableHeader>
              <TableBody
                className="dt-body"
                renderEmptyState={() =>
                  total === 0 ? <div className="dt-empty">{props.empty(nothingSearchable)}</div> : null
                }
              >
                {pages.map((page, index) => (
                  <PageOfRows key={index} rows={page} renderRow={renderRow} />
                ))}
                <TableLoadMoreItem onLoadMore={() => void loadMore()} isLoading={loading} className="dt-loading">
                  Loading more…
                </TableLoadMoreItem>
              </TableBody>
            </Table>
          </Virtualizer>
        </ResizableTableContainer>
      </div>
    </div>
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

/**
 * One page's rows as React Aria collection items. Memoised: a page already drawn is skipped whole
 * when the next one arrives, and its rows are cached by row object (React Aria's Collection), so
 * a page costs its own rows only. `renderRow` changing (other columns, checkboxes) draws them again.
 */
const PageOfRows = memo(function PageOfRows<T extends { id: number }>(props: {
  rows: T[];
  renderRow(row: T): ReactElement;
}) {
  return (
    <Collection items={props.rows} dependencies={[props.renderRow]}>
      {props.renderRow}
    </Collection>
  );
}) as <T extends { id: number }>(props: { rows: T[]; renderRow(row: T): ReactElement }) => ReactElement;

/** A row; marked while its record is open beside the list (only the rows that change are drawn again). */
function DataRow(props: { id: string; rowId: number; name: string; openRow: OpenRowStore; children: ReactNode }) {
  const { openRow, rowId } = props;
  const isOpen = useSyncExternalStore(openRow.subscribe, () => openRow.get() === rowId);
  return (
    <Row id={props.id} textValue={props.name} data-row-id={props.id} className={isOpen ? 'dt-row open' : 'dt-row'}>
      {props.children}
    </Row>
  );
}

/**
 * Keeps the open record's row in view. When a record is opened (a click, j/k, the palette, the Sync
 * centre), its row is scrolled into view as soon as it is loaded (the palette may open one before
 * its page arrives), and if the list had the focus the focus moves to that row. Once shown, a
 * person's own scrolling is left alone.
 */
function useFollowOpenRow<T extends { id: number }>(
  frame: RefObject<HTMLDivElement | null>,
  rows: T[],
  openId: number | null,
): void {
  const toShow = useRef<number | null>(null);
  useLayoutEffect(() => {
    toShow.current = openId;
  }, [openId]);
  useEffect(() => {
    const id = toShow.current;
    const grid = frame.current?.querySelector<HTMLElement>('[role=grid]');
    const index = id === null ? -1 : rows.findIndex((r) => r.id === id);
    if (!grid || index < 0) return;
    toShow.current = null;
    // Rows are ROW_HEIGHT each under the heading (the virtualiser draws only those in view).
    const top = index * ROW_HEIGHT;
    const inView = () =>
      top >= grid.scrollTop && top + ROW_HEIGHT <= grid.scrollTop + grid.clientHeight - HEADING_HEIGHT;
    const focusedRow = grid.contains(document.activeElement)
      ? document.activeElement?.closest<HTMLElement>('[data-row-id]')
      : null;
    const moveFocus = focusedRow != null && focusedRow.dataset.rowId !== String(id);
    // The virtualiser sizes its content for new rows a frame or so later: until then a scroll is
    // cut short, so it is tried again for a few frames; the row is drawn (and focusable) after.
    let frames = 0;
    let request = 0;
    const follow = () => {
      if (!inView()) {
        grid.scrollTop = top < grid.scrollTop ? top : top + ROW_HEIGHT - (grid.clientHeight - HEADING_HEIGHT);
        if (!inView() && ++frames < 10) {
          request = requestAnimationFrame(follow);
          return;
        }
      }
      if (moveFocus)
        request = requestAnimationFrame(() => grid.querySelector<HTMLElement>(`[data-row-id="${id}"]`)?.focus());
    };
    follow();
    return () => cancelAnimationFrame(request);
  }, [frame, rows, openId]);
}

/**
 * True while the list is narrower than all its columns at their smallest (pixels as given, a
 * share at its minimum width) plus the checkboxes: then the secondary ones give way.
 */
function useNarrow<T>(frame: RefObject<HTMLDivElement | null>, columns: ListColumn<T>[]): boolean {
  const [narrow, setNarrow] = useState(false);
  const needed = columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : (c.minWidth ?? 60)), 40);
  useEffect(() => {
    const element = frame.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => setNarrow((entry?.contentRect.width ?? needed) < needed));
    observer.observe(element);
    return () => observer.disconnect();
  }, [frame, needed]);
  return narrow;
}

function sameIds(keys: Set<Key>, ids: Set<number>): boolean {
  return keys.size === ids.size && [...keys].every((k) => ids.has(Number(k)));
}

export function countText(n: number, noun: { one: string; many: string }): string {
  return `${n.toLocaleString('en-AU')} ${n === 1 ? noun.one : noun.many}`;
}

/** Text cut off by its column shows in full as a tooltip (set when the pointer arrives: it is measured then). */
/** A cell's words, cut off with an ellipsis (whole in its tooltip); `detail` follows them, muted, and is cut first. */
export function CellText({ text, detail }: { text: string; detail?: string }) {
  return (
    <span
      className="dt-text"
      onPointerEnter={(e) => {
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
function SortArrow({ direction }: { direction: false | 'asc' | 'desc' }) {
  return (
    <span className="dt-sort" aria-hidden="true">
      {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : ''}
    </span>
  );
}

function CheckMark({ isSelected, isIndeterminate }: { isSelected: boolean; isIndeterminate: boolean }) {
  return (
    <span className="dt-box">
      {isSelected || isIndeterminate ? (
        <svg viewBox="0 0 18 18" aria-hidden="true" className="dt-checkmark">
          {isIndeterminate ? <line x1="4" y1="9" x2="14" y2="9" /> : <polyline points="3.5 9.5 7.5 13.5 14.5 4.5" />}
        </svg>
      ) : null}
    </span>
  );
}
