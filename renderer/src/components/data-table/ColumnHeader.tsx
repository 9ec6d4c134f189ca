import { useRef } from 'react';
import { ColumnResizer } from './ColumnResizer';
import type { ListColumn } from './columns';

/** A column's header: its label (a button that sorts, where the list sorts by it), the sort's arrow and the resizer. */
export function ColumnHeader<T>(props: {
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

/** The sort shown beside the label; screen readers hear it from aria-sort, not as part of the name. */
function SortArrow({ direction }: { direction: 'asc' | 'desc' | null }) {
  return (
    <span className="dt-sort" aria-hidden="true">
      {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : ''}
    </span>
  );
}
