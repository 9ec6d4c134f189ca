/**
 * A list of any length: rows come from main a page at a time (keyset cursor) as the user scrolls,
 * and only the rows on screen are in the DOM. Nothing ever asks main for the whole table.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Page } from '../../../shared/domain';
import { ErrorNotice } from './ErrorNotice';

export interface Column<T> {
  key: string;
  label: string;
  width: string;
  render(row: T): ReactNode;
  sortKey?: string;
  /** Left out while a detail panel shares the width (`compact`). */
  secondary?: boolean;
}

interface Props<T extends { id: number }> {
  label: string;
  columns: Column<T>[];
  /** Changes whenever the query changes: the list starts again from the top. */
  queryKey: string;
  load(cursor: string | null): Promise<Page<T>>;
  onOpen(row: T): void;
  selectedId?: number | null;
  sort?: { key: string; direction: 'asc' | 'desc' };
  onSort?(key: string): void;
  selection?: Set<number>;
  onToggleSelect?(id: number): void;
  onTotal?(total: number): void;
  /** A detail panel is open beside the list: show only the columns that are not secondary. */
  compact?: boolean;
}

const ROW_HEIGHT = 34;

export function VirtualList<T extends { id: number }>(props: Props<T>) {
  const { load, queryKey, onTotal } = props;
  const [rows, setRows] = useState<T[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const cursor = useRef<string | null>(null);
  const loading = useRef(false);
  const done = useRef(false);
  const generation = useRef(0);
  const scroller = useRef<HTMLDivElement>(null);

  const loadMore = useCallback(async () => {
    if (loading.current || done.current) return;
    loading.current = true;
    const mine = generation.current;
    try {
      const page = await load(cursor.current);
      if (mine !== generation.current) return;
      cursor.current = page.nextCursor;
      done.current = page.nextCursor === null;
      setRows((r) => [...r, ...page.rows]);
      setTotal(page.total);
      onTotal?.(page.total);
      setError(null);
    } catch (e) {
      if (mine === generation.current) setError(e);
    } finally {
      if (mine === generation.current) loading.current = false;
    }
  }, [load, onTotal]);

  useEffect(() => {
    generation.current++;
    cursor.current = null;
    done.current = false;
    loading.current = false;
    setRows([]);
    setTotal(null);
    scroller.current?.scrollTo({ top: 0 });
    void loadMore();
  }, [queryKey, loadMore]);

  // The app does not build with the React Compiler; this only says the compiler would skip this component.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (rows.length > 0 && lastIndex >= rows.length - 30) void loadMore();
  }, [lastIndex, rows.length, loadMore]);

  const columns = props.compact ? props.columns.filter((c) => !c.secondary) : props.columns;
  const template = (props.onToggleSelect ? '36px ' : '') + columns.map((c) => c.width).join(' ');
  return (
    <div className="vlist">
      <div className="vlist-meta" aria-live="polite">
        {total === null ? 'Loading…' : `${total.toLocaleString('en-AU')} ${total === 1 ? 'row' : 'rows'}`}
      </div>
      <ErrorNotice error={error} />
      <div role="table" aria-label={props.label} aria-rowcount={total ?? undefined} className="vlist-table">
        <div role="row" className="vlist-head" style={{ gridTemplateColumns: template }}>
          {props.onToggleSelect ? (
            <span role="columnheader">
              <span className="sr-only">Select</span>
            </span>
          ) : null}
          {columns.map((c) => (
            <span
              role="columnheader"
              key={c.key}
              aria-sort={
                props.sort && props.sort.key === c.sortKey
                  ? props.sort.direction === 'asc'
                    ? 'ascending'
                    : 'descending'
                  : undefined
              }
            >
              {c.sortKey && props.onSort ? (
                <button type="button" className="link" onClick={() => props.onSort!(c.sortKey!)}>
                  {c.label}
                  {props.sort?.key === c.sortKey ? (props.sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                </button>
              ) : (
                c.label
              )}
            </span>
          ))}
        </div>
        <div ref={scroller} className="vlist-body" data-testid="vlist-body">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = rows[item.index]!;
              return (
                <div
                  role="row"
                  aria-rowindex={item.index + 2}
                  key={row.id}
                  className={props.selectedId === row.id ? 'vlist-row selected' : 'vlist-row'}
                  style={{
                    transform: `translateY(${item.start}px)`,
                    height: ROW_HEIGHT,
                    gridTemplateColumns: template,
                  }}
                  onClick={() => props.onOpen(row)}
                  onKeyDown={(e) => (e.key === 'Enter' ? props.onOpen(row) : undefined)}
                  tabIndex={0}
                >
                  {props.onToggleSelect ? (
                    <span role="cell" onClick={(e) => e.stopPropagation()}>
                      <input
                        type="checkbox"
                        aria-label={`Select row ${item.index + 1}`}
                        checked={props.selection?.has(row.id) ?? false}
                        onChange={() => props.onToggleSelect!(row.id)}
                      />
                    </span>
                  ) : null}
                  {columns.map((c) => (
                    <span role="cell" key={c.key}>
                      {c.render(row)}
                    </span>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
