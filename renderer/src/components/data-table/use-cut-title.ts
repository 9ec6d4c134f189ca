import { useState, type PointerEvent } from 'react';

/**
 * A cell's tooltip when its words are cut off: measured when the pointer arrives (only then is it
 * known to be cut), and kept with the words it was measured for. Not set on the element: a list's
 * row elements are recycled for other rows as it scrolls (row-slots.ts), and a title left on one
 * would show another row's words.
 */
export function useCutTitle(
  words: string,
  isCut: (element: HTMLElement) => boolean,
): { title: string | undefined; onPointerEnter(e: PointerEvent<HTMLElement>): void } {
  const [measured, setMeasured] = useState<{ words: string; cut: boolean } | null>(null);
  return {
    title: measured?.words === words && measured.cut ? words : undefined,
    onPointerEnter: (e) => setMeasured({ words, cut: isCut(e.currentTarget) }),
  };
}
