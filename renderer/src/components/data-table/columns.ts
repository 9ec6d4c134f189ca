import type { ReactNode } from 'react';

export interface ListColumn<T> {
  id: string;
  label: string;
  /** Width until the user resizes it: pixels, or a share of what is left ('2fr'). */
  width: number | `${number}fr`;
  minWidth?: number;
  /** The list's sort order this column stands for (the core sorts; the table only shows it). */
  sortKey?: string;
  /** Left out while a detail panel shares the width (`compact`), or the list is too narrow for all. */
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

const WIDTHS_KEY = (listId: string) => `restoreassist.columnWidths.${listId}`;

/** Widths the user dragged, per list, kept across screens and restarts (this window's storage). */
export function rememberedWidths(listId: string): Record<string, number> {
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

/** Remembers a width the user dragged for one column of a list. */
export function rememberWidth(listId: string, id: string, width: number): void {
  localStorage.setItem(WIDTHS_KEY(listId), JSON.stringify({ ...rememberedWidths(listId), [id]: width }));
}

/**
 * The tracks of the CSS grid every row shares. Worked out in pixels here when the list's width is
 * known, as CSS would (a share of what is left, never under a column's minimum), so each row is
 * laid out on fixed tracks: a row coming into view while scrolling costs the least layout.
 * Without a width yet (the first frame, or no layout at all), CSS shares it out.
 */
export function tracks<T>(
  columns: ListColumn<T>[],
  widths: Record<string, number>,
  available: number | null,
): string[] {
  const fixed = columns.map((c) => widths[c.id] ?? (typeof c.width === 'number' ? c.width : null));
  if (available === null)
    return columns.map((c, i) => (fixed[i] !== null ? `${fixed[i]}px` : `minmax(${c.minWidth ?? 60}px, ${c.width})`));
  const sized = [...fixed];
  let free = available - fixed.reduce<number>((sum, w) => sum + (w ?? 0), 0);
  let shared = columns.map((_, i) => i).filter((i) => fixed[i] === null);
  const share = (i: number) => parseFloat(String(columns[i]!.width));
  // A share under its column's minimum takes the minimum, and the rest is shared again.
  for (;;) {
    const total = shared.reduce((sum, i) => sum + share(i), 0);
    const under = shared.filter((i) => (Math.max(free, 0) * share(i)) / total < (columns[i]!.minWidth ?? 60));
    if (under.length === 0) {
      for (const i of shared) sized[i] = (Math.max(free, 0) * share(i)) / total;
      break;
    }
    for (const i of under) {
      sized[i] = columns[i]!.minWidth ?? 60;
      free -= sized[i];
    }
    shared = shared.filter((i) => !under.includes(i));
  }
  return sized.map((w) => `${Math.floor(w! * 100) / 100}px`);
}
