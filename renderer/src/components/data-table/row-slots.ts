/**
 * Which element ("slot") each drawn row is drawn in. A fast scroll draws all-new rows every frame:
 * keyed by row id, React would unmount the thirty or so rows that left and mount as many new ones
 * (fibers, DOM nodes, styles, garbage) each frame. Keyed by slot, the elements stay and only their
 * attributes and text change.
 *
 * - A row still drawn keeps its slot: it is not drawn again, and the focused row (always drawn)
 *   keeps its element and its focus.
 * - The slots of rows that left go to the rows coming in, in the order they had in the DOM (the
 *   rows' order), the rows coming in taken in order too: in a jump, where every row is new, each
 *   element keeps its place in the DOM and nothing is moved.
 * - A new slot is made only when none is left over, except for the focused row coming in (the focus
 *   moved to a row not drawn): it gets an element of its own. The element freed may be the one with
 *   the focus, and focusing the element that already has it fires no focus event, so a screen
 *   reader would not say the new row.
 *
 * A slot means nothing but an element: the rows are still rendered in their order (aria-rowindex,
 * screen readers), each keyed by its slot.
 */

/** Each drawn row's slot, by the row's index. */
export type RowSlots = ReadonlyMap<number, number>;

export const NO_SLOTS: RowSlots = new Map();

/**
 * The slots for the rows at `indexes`, given those of the rows drawn now (`drawn`, what the DOM
 * holds). Pure: the same input gives the same slots (React may render twice before it commits).
 */
export function assignSlots(drawn: RowSlots, indexes: readonly number[], focused = -1): Map<number, number> {
  const slots = new Map<number, number>();
  const entering: number[] = [];
  for (const index of indexes) {
    const slot = drawn.get(index);
    if (slot === undefined) entering.push(index);
    else slots.set(index, slot);
  }
  if (entering.length === 0) return slots;

  const freed = freedInDomOrder(drawn, slots);
  const fresh = freshSlots(drawn);
  let nextFreed = 0;
  for (const index of entering.sort((a, b) => a - b)) {
    const reuse = index !== focused && nextFreed < freed.length;
    slots.set(index, reuse ? freed[nextFreed++]! : fresh());
  }
  return slots;
}

/** The slots of the rows that left, in the order the rows had (their DOM order). */
function freedInDomOrder(drawn: RowSlots, kept: RowSlots): number[] {
  const left = [...drawn.keys()].filter((index) => !kept.has(index)).sort((a, b) => a - b);
  return left.map((index) => drawn.get(index)!);
}

/**
 * Numbers no element has now, the smallest first: a freed slot left unused is not among them, as
 * React would hand its element (about to be removed) to the row given it.
 */
function freshSlots(drawn: RowSlots): () => number {
  const taken = new Set(drawn.values());
  let next = 0;
  return () => {
    while (taken.has(next)) next++;
    taken.add(next);
    return next;
  };
}
