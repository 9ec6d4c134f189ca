import { useCallback, useMemo, useState, type RefObject } from 'react';
import { rememberedWidths, rememberWidth, tracks, type ListColumn } from './columns';
import { SELECT_WIDTH } from './sizes';
import { useContentWidth } from './use-content-width';

/**
 * The columns shown and their tracks: secondary columns leave when a panel shares the width
 * (`compact`) or the window is too narrow for all; widths the user dragged are remembered.
 */
export function useColumnLayout<T>(
  grid: RefObject<HTMLDivElement | null>,
  options: { columns: ListColumn<T>[]; listId: string; compact: boolean; selectable: boolean },
) {
  const { listId, selectable } = options;
  const width = useContentWidth(grid);
  const needed = options.columns.reduce(
    (sum, c) => sum + (typeof c.width === 'number' ? c.width : (c.minWidth ?? 60)),
    selectable ? SELECT_WIDTH : 0,
  );
  const hideSecondary = options.compact || (width !== null && width < needed);
  const columns = useMemo(
    () => options.columns.filter((c) => !(hideSecondary && c.secondary)),
    [options.columns, hideSecondary],
  );
  const [widths, setWidths] = useState<Record<string, number>>(() => rememberedWidths(listId));
  // Header and rows are grids on the same tracks, set once here: resizing draws no row again.
  const template = [
    ...(selectable ? [`${SELECT_WIDTH}px`] : []),
    ...tracks(columns, widths, width === null ? null : width - (selectable ? SELECT_WIDTH : 0)),
  ].join(' ');
  const saveWidth = useCallback(
    (id: string, width: number) => {
      setWidths((w) => ({ ...w, [id]: width }));
      rememberWidth(listId, id, width);
    },
    [listId],
  );
  return { columns, template, saveWidth };
}
