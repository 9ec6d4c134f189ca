import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { drawnRow } from './DataRow';
import { assignSlots, NO_SLOTS, type RowSlots } from './row-slots';
import { HEADING_HEIGHT, LOAD_AHEAD_PAGES, OVERSCAN, ROW_HEIGHT } from './sizes';

/**
 * The virtualised body: only the rows in view (and the focused one) are drawn; the next page is
 * asked for as the window nears the end of what is loaded; the focus moves to a row by scrolling
 * it into view, drawing it, then focusing it; End waits for every page.
 */
export function useVirtualRows<T extends { id: number }>(
  grid: RefObject<HTMLDivElement | null>,
  {
    rows,
    pageSize,
    queryKey,
    done,
    loading,
    loadMore,
  }: {
    rows: T[];
    /** The list's page size (the first page's length). */
    pageSize: number;
    queryKey: string;
    done: boolean;
    loading: boolean;
    loadMore(): Promise<void>;
  },
) {
  // The row with the body's one tab stop (roving tabindex); always drawn, even scrolled away.
  const [focused, setFocused] = useState(0);
  const focusedIndex = Math.min(focused, Math.max(rows.length - 1, 0));
  useEffect(() => setFocused(0), [queryKey]);
  const lastStart = useRef(0);
  const rangeExtractor = useCallback(
    (range: Range) => {
      // A jump of more rows than the overscan (a fast scroll, the scrollbar dragged, PageDown): rows
      // drawn beyond the window would be gone before they were seen, so only the window is drawn.
      const jump = Math.abs(range.startIndex - lastStart.current);
      lastStart.current = range.startIndex;
      const indexes = defaultRangeExtractor(jump > OVERSCAN ? { ...range, overscan: 0 } : range);
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
  const slots = useRowSlots(items, focusedIndex);

  // The next page when the window nears the end of the rows loaded (LOAD_AHEAD_PAGES).
  const lastDrawn = items.length > 0 ? items[items.length - 1]!.index : -1;
  const loadAhead = Math.max(OVERSCAN + 1, Math.floor(pageSize * LOAD_AHEAD_PAGES));
  useEffect(() => {
    if (!done && rows.length > 0 && lastDrawn >= rows.length - loadAhead) void loadMore();
  }, [lastDrawn, rows.length, done, loadMore, loadAhead]);

  // Moving the focus: the row is scrolled into view, drawn (it is the tab stop), then focused.
  const focusAfterDraw = useRef<number | null>(null);
  const focusRow = useCallback(
    (index: number) => {
      setFocused(index);
      virtualizer.scrollToIndex(index, { align: 'auto' });
      const drawn = drawnRow(grid.current, index);
      if (drawn) drawn.focus({ preventScroll: true });
      else focusAfterDraw.current = index;
    },
    [virtualizer, grid],
  );
  useLayoutEffect(() => {
    const index = focusAfterDraw.current;
    if (index === null) return;
    const row = drawnRow(grid.current, index);
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

  return { virtualizer, items, slots, focused, setFocused, focusedIndex, focusRow, toEnd, setToEnd };
}

/**
 * The element (slot) each drawn row is keyed by (row-slots.ts): a fast scroll draws all-new rows
 * every frame, and recycling keeps their elements. Worked out from the slots of the last commit,
 * what the DOM holds, so a render React throws away or does twice changes nothing. A new query
 * needs no reset: its list starts empty (usePages), so every slot is let go; when the rows change
 * under the same indexes (a sync read again), each element simply shows its index's new row.
 */
function useRowSlots(items: readonly { index: number }[], focusedIndex: number): RowSlots {
  const committed = useRef<RowSlots>(NO_SLOTS);
  const indexes = items.map((item) => item.index);
  // Read in render, written only on commit: the slots are a pure function of what was committed.
  // eslint-disable-next-line react-hooks/refs
  const slots = assignSlots(committed.current, indexes, focusedIndex);
  useLayoutEffect(() => {
    committed.current = slots;
  });
  return slots;
}
