import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';
import { rowIndexAt } from './DataRow';
import { focusHeader } from './HeaderRow';
import { moveTarget } from './keyboard';
import { HEADING_HEIGHT, OVERSCAN, ROW_HEIGHT } from './sizes';

const TYPE_AHEAD_PAUSE_MS = 600;

/**
 * The rows' keyboard model (WAI-ARIA's grid pattern): ArrowUp/Down, PageUp/PageDown a screenful,
 * Home/End (End loads every page first), Shift with any of them a range; Space selects, Ctrl+A
 * every loaded row, Escape none; Enter opens the row; letters find a row by its name; Shift+Tab
 * goes to the column headers; ArrowDown in the search box comes to the first row, and ArrowUp on
 * the first row goes back to it.
 */
export function useBodyKeyboard<T extends { id: number }>(options: {
  grid: RefObject<HTMLDivElement | null>;
  rows: T[];
  done: boolean;
  loadMore(): Promise<void>;
  focusRow(index: number): void;
  setToEnd(toEnd: boolean): void;
  searchBox?: RefObject<HTMLInputElement | null>;
  /** Present when the list has a selection. */
  selection: Set<number> | undefined;
  selectable: boolean;
  setSelection(ids: Set<number>): void;
  toggle(row: T): void;
  extendTo(index: number, from: number): void;
  onOpen(row: T): void;
  rowName(row: T): string;
}): (e: KeyboardEvent<HTMLDivElement>) => void {
  const { grid, rows, done, loadMore, focusRow, setToEnd, searchBox, selection, selectable } = options;

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

  const typed = useRef({ text: '', at: 0 });
  const rowsInView = () =>
    Math.max(1, Math.floor(((grid.current?.clientHeight ?? 0) - HEADING_HEIGHT) / ROW_HEIGHT) - 1);

  return (e) => {
    const index = rowIndexAt(e.target as HTMLElement);
    if (index < 0 || rows.length === 0) return;
    const row = rows[index];
    if (!row) return;
    const modified = e.ctrlKey || e.metaKey || e.altKey;

    // ArrowUp on the first row goes back to the search box.
    if (e.key === 'ArrowUp' && !modified && index === 0 && !e.shiftKey && searchBox?.current) {
      e.preventDefault();
      searchBox.current.focus();
      return;
    }
    // Home and End take Ctrl (WAI-ARIA's first and last row); the other moves take no modifier.
    const moves = e.key === 'Home' || e.key === 'End' ? !e.altKey : !modified;
    const target = moves
      ? moveTarget(e.key, index, rows.length, { back: 'ArrowUp', forward: 'ArrowDown', page: rowsInView })
      : null;
    if (target !== null) {
      e.preventDefault();
      // A keyset list knows its last row only when it has every page.
      if (e.key === 'End' && !done) {
        setToEnd(true);
        return;
      }
      setToEnd(false);
      if (e.shiftKey && selectable) options.extendTo(target, index);
      focusRow(target);
      // Near the end of what is loaded, the next page is asked for (arrows run ahead of the scroll).
      if (target >= rows.length - OVERSCAN && !done) void loadMore();
      return;
    }
    switch (e.key) {
      case 'Enter':
        if (modified || e.shiftKey) return;
        e.preventDefault();
        options.onOpen(row);
        return;
      case ' ':
        if (!selectable || modified) return;
        e.preventDefault();
        if (e.shiftKey) options.extendTo(index, index);
        else options.toggle(row);
        return;
      case 'Escape':
        if (!selection || selection.size === 0) return;
        e.preventDefault();
        e.stopPropagation();
        options.setSelection(new Set());
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
      options.setSelection(new Set(rows.map((r) => r.id)));
      return;
    }
    // Type-ahead: a printable key finds the next row whose name starts with what was typed.
    if (e.key.length === 1 && !modified && e.key !== ' ') {
      const now = performance.now();
      const text = (now - typed.current.at < TYPE_AHEAD_PAUSE_MS ? typed.current.text : '') + e.key.toLowerCase();
      typed.current = { text, at: now };
      const starts = (r: T) => options.rowName(r).toLowerCase().startsWith(text);
      const after = rows.findIndex((r, i) => i > index - (text.length > 1 ? 1 : 0) && starts(r));
      const found = after >= 0 ? after : rows.findIndex(starts);
      if (found >= 0) {
        e.preventDefault();
        focusRow(found);
      }
    }
  };
}
