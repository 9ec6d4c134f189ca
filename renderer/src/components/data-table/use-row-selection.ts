import { useCallback, useEffect, useMemo, useRef } from 'react';

/**
 * The rows' selection: a row toggled, or a range from the last row toggled (the anchor) added to
 * what was selected then; select all loaded rows, or none.
 */
export function useRowSelection<T extends { id: number }>(
  rows: T[],
  selection: Set<number> | undefined,
  onSelectionChange: ((ids: Set<number>) => void) | undefined,
) {
  const anchor = useRef<{ id: number; base: Set<number> } | null>(null);
  const setSelection = (ids: Set<number>) => onSelectionChange?.(ids);
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

  // Worked out when the rows or the selection change, not for each frame of a scroll.
  const [allSelected, someSelected] = useMemo(() => {
    if (!selection || selection.size === 0 || rows.length === 0) return [false, false];
    const all = selection.size >= rows.length && rows.every((r) => selection.has(r.id));
    return [all, !all && rows.some((r) => selection.has(r.id))];
  }, [rows, selection]);
  const onSelectAll = useCallback(
    () => onSelectionChange?.(allSelected ? new Set() : new Set(rows.map((r) => r.id))),
    [onSelectionChange, allSelected, rows],
  );

  return { setSelection, toggle, extendTo, allSelected, someSelected, onSelectAll };
}
