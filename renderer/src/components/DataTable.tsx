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
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type FocusEvent,
  type MouseEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import type { Page } from '../../../shared/domain';
import { ErrorNotice } from './ErrorNotice';
import { countText } from './data-table/CellText';
import type { ListColumn, Sort } from './data-table/columns';
import { DataRow, rowIndexAt } from './data-table/DataRow';
import { HeaderRow } from './data-table/HeaderRow';
import { createOpenRowStore } from './data-table/open-row-store';
import { HEADING_HEIGHT, ROW_HEIGHT } from './data-table/sizes';
import { useBodyKeyboard } from './data-table/use-body-keyboard';
import { useColumnLayout } from './data-table/use-column-layout';
import { useFollowOpenRow } from './data-table/use-follow-open-row';
import { usePages } from './data-table/use-pages';
import { useRowSelection } from './data-table/use-row-selection';
import { useVirtualRows } from './data-table/use-virtual-rows';
import './DataTable.css';

export { CellText, countText } from './data-table/CellText';
export type { ListColumn, Sort } from './data-table/columns';

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

export function DataTable<T extends { id: number }>(props: Props<T>) {
  const { queryKey, onRows, listId, noun, searchBox } = props;
  const { rows, pageSize, total, nothingSearchable, loading, error, done, loadMore } = usePages<T>(
    queryKey,
    props.version ?? 0,
    props.load,
  );
  useEffect(() => onRows?.(rows, total), [rows, total, onRows]);

  const grid = useRef<HTMLDivElement>(null);
  const selectable = props.selection !== undefined && props.onSelectionChange !== undefined;
  const { columns, template, saveWidth } = useColumnLayout(grid, {
    columns: props.columns,
    listId,
    compact: Boolean(props.compact),
    selectable,
  });
  const virtualRows = useVirtualRows(grid, { rows, pageSize, queryKey, done, loading, loadMore });
  const { virtualizer, items, slots, focused, setFocused, focusedIndex, focusRow, toEnd, setToEnd } = virtualRows;

  const [openRow] = useState(createOpenRowStore);
  useLayoutEffect(() => openRow.set(props.openId ?? null), [openRow, props.openId]);
  useFollowOpenRow(virtualizer, grid, rows, props.openId ?? null, focusRow);

  const selection = props.selection;
  const { setSelection, toggle, extendTo, allSelected, someSelected, onSelectAll } = useRowSelection(
    rows,
    selection,
    props.onSelectionChange,
  );
  const onBodyKeyDown = useBodyKeyboard({
    grid,
    rows,
    done,
    loadMore,
    focusRow,
    setToEnd,
    searchBox,
    selection,
    selectable,
    setSelection,
    toggle,
    extendTo,
    onOpen: props.onOpen,
    rowName: props.rowName,
  });

  // A click opens the row's record; once rows are selected it toggles them instead (Shift: a range).
  const onBodyClick = (e: MouseEvent<HTMLDivElement>) => {
    const index = rowIndexAt(e.target as HTMLElement);
    const row = rows[index];
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
    const index = rowIndexAt(e.target);
    if (index >= 0 && index !== focused) setFocused(index);
  };
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
              // Keyed by its element's slot, not the row's id: a fast scroll draws all-new rows each
              // frame, and the elements are kept (row-slots.ts). Still rendered in the rows' order.
              return (
                <DataRow
                  key={slots.get(item.index)}
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
