import { memo, useEffect, useRef, type FocusEvent, type KeyboardEvent, type ReactNode } from 'react';
import { ColumnHeader } from './ColumnHeader';
import type { ListColumn, Sort } from './columns';
import { moveTarget } from './keyboard';

/** Moves the focus to the column headers' own stop (the one last focused, else the first). */
export function focusHeader(grid: HTMLElement | null): boolean {
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

export const HeaderRow = memo(function HeaderRow<T>(props: HeaderRowProps<T>) {
  const { selectAll, someSelected } = props;
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = someSelected;
  }, [someSelected]);
  // ArrowLeft/Right between the header's stops; ArrowDown back to the rows; the last one focused keeps the stop.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    if (target.closest('.dt-resizer[data-resizing="true"]')) return;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      props.onDown();
      return;
    }
    const stops = [...e.currentTarget.querySelectorAll<HTMLElement>(HEADER_STOPS)];
    const to = moveTarget(e.key, stops.indexOf(target), stops.length, { back: 'ArrowLeft', forward: 'ArrowRight' });
    if (to === null) return;
    e.preventDefault();
    stops[to]?.focus();
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
