import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { Virtualizer } from '@tanstack/react-virtual';
import { HEADING_HEIGHT, ROW_HEIGHT } from './sizes';

/** How many frames a scroll to the open row is tried again while the virtualiser settles. */
const FOLLOW_FRAMES = 10;

/**
 * Keeps the open record's row in view. When a record is opened (a click, j/k, the palette, the Sync
 * centre), its row is scrolled into view as soon as it is loaded (the palette may open one before
 * its page arrives), and if the list had the focus the focus moves to that row. Once shown, a
 * person's own scrolling is left alone.
 */
export function useFollowOpenRow<T extends { id: number }>(
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
