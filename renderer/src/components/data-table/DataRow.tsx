import { memo, useSyncExternalStore, type ReactNode } from 'react';
import { CellText } from './CellText';
import type { ListColumn } from './columns';
import type { OpenRowStore } from './open-row-store';

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
 * drawn again; only those coming into view are, in the elements of the rows that left (keyed by
 * slot, row-slots.ts). The open mark comes from a store, and redraws the row's own element only,
 * not its cells.
 */
export const DataRow = memo(function DataRow<T extends { id: number }>(props: RowProps<T>) {
  const { row, openRow, selected } = props;
  // Asked of the row shown now: React reads the snapshot again when an element takes another row.
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

/** The index of the drawn row an element is in, or -1. */
export function rowIndexAt(element: HTMLElement): number {
  const rowElement = element.closest<HTMLElement>('.dt-body > [role=row][data-index]');
  return rowElement ? Number(rowElement.dataset.index) : -1;
}

/** The row element drawn for `index`, if it is drawn. */
export function drawnRow(grid: HTMLElement | null, index: number): HTMLElement | null {
  return grid?.querySelector<HTMLElement>(`.dt-body > [data-index="${index}"]`) ?? null;
}
