/**
 * The lists' row slots (components/data-table/row-slots.ts): which element each drawn row is drawn
 * in, so that a fast scroll, which draws all-new rows every frame, keeps its elements instead of
 * mounting new ones. A slot here stands for an element; the rows are drawn in index order.
 */
import { describe, expect, it } from 'vitest';
import { assignSlots, NO_SLOTS, type RowSlots } from '../../renderer/src/components/data-table/row-slots';

/** The indexes from `from` to `to`, both drawn. */
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The slots in the order the rows are in the DOM (by index): the elements, top to bottom. */
const domOrder = (slots: RowSlots) => [...slots.entries()].sort((a, b) => a[0] - b[0]).map(([, slot]) => slot);

/** Draws each window in turn from nothing, as the table commits them; the last slots. */
function scroll(windows: number[][], focused = -1): RowSlots {
  let slots: RowSlots = NO_SLOTS;
  for (const indexes of windows) slots = assignSlots(slots, indexes, focused);
  return slots;
}

describe('row slots', () => {
  it('gives the first rows drawn the first slots, in order', () => {
    expect(domOrder(assignSlots(NO_SLOTS, range(0, 4)))).toEqual([0, 1, 2, 3, 4]);
  });

  it('a scroll of one row hands the row that left its slot to the row that came: the others keep theirs', () => {
    const before = scroll([range(0, 22), range(10, 32)]);
    const after = assignSlots(before, range(11, 33));
    for (const index of range(11, 32)) expect(after.get(index)).toBe(before.get(index));
    expect(after.get(33)).toBe(before.get(10));
    expect(new Set(after.values())).toEqual(new Set(before.values()));
  });

  it('a jump (every row new) keeps every element in its place in the DOM, even after the slots were turned round', () => {
    // Scrolled a row at a time first: the DOM order of the slots is no longer 0, 1, 2…
    const windows = range(0, 30).map((start) => range(start, start + 22));
    const before = scroll(windows);
    expect(domOrder(before)).not.toEqual([...domOrder(before)].sort((a, b) => a - b));
    const after = assignSlots(before, range(5000, 5022));
    expect(domOrder(after)).toEqual(domOrder(before));
  });

  it('a jump to a shorter window uses the first elements in the DOM, and makes none', () => {
    const before = scroll([range(0, 22), range(7, 29)]);
    const after = assignSlots(before, range(900, 910));
    expect(domOrder(after)).toEqual(domOrder(before).slice(0, 11));
  });

  it('makes new slots only when no freed one is left: the smallest numbers no element has', () => {
    const before = assignSlots(NO_SLOTS, range(0, 9));
    const after = assignSlots(before, range(100, 114));
    expect(domOrder(after)).toEqual([...domOrder(before), 10, 11, 12, 13, 14]);
  });

  it('keeps the focused row, drawn outside the window, in its slot through a jump; the window keeps its elements in order', () => {
    const focused = 3;
    const before = scroll([range(0, 22), [3, ...range(100, 122)]], focused);
    const after = assignSlots(before, [3, ...range(900, 922)], focused);
    expect(after.get(3)).toBe(before.get(3));
    expect(domOrder(after)).toEqual(domOrder(before));
  });

  it('gives the focused row, coming into the drawn rows, an element of its own (the one freed may have the focus)', () => {
    // The focus moves from row 10 to row 5010, far below: no element that showed row 10 may show it.
    const before = assignSlots(NO_SLOTS, range(0, 22), 10);
    const after = assignSlots(before, range(4990, 5012), 5010);
    expect([...before.values()]).not.toContain(after.get(5010));
    // The other rows coming in still take the elements freed, in order.
    expect(domOrder(after).filter((slot) => slot !== after.get(5010))).toEqual(domOrder(before).slice(0, 22));
  });

  it('gives the same slots for the same rows, however many times it is asked (React may render twice)', () => {
    const before = scroll([range(0, 22), range(3, 25)]);
    const once = assignSlots(before, range(40, 62), 3);
    expect(assignSlots(before, range(40, 62), 3)).toEqual(once);
    // Asked again after that render was committed: nothing moves.
    expect(assignSlots(once, range(40, 62), 3)).toEqual(once);
  });

  it('never gives two rows one slot, keeps the slot of every row still drawn, and numbers no more slots than the most rows drawn, over random scrolls', () => {
    // A small generator of its own (mulberry32), so that a failure is the same every run.
    let seed = 0x5eed;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = (n: number) => Math.floor(random() * n);
    let slots: RowSlots = NO_SLOTS;
    let start = 0;
    let focused = 0;
    let mostDrawn = 0;
    for (let step = 0; step < 2000; step++) {
      // A step of a row or two, a jump, or back to the top; now and then the focus moves.
      const move = pick(4);
      start = move === 0 ? 0 : move === 1 ? pick(10_000) : Math.max(0, start + pick(7) - 3);
      if (pick(10) === 0) focused = pick(10_000);
      const window = range(start, start + pick(30));
      const indexes = window.includes(focused) ? window : [...window, focused].sort((a, b) => a - b);

      mostDrawn = Math.max(mostDrawn, indexes.length);

      const next = assignSlots(slots, indexes, focused);
      expect([...next.keys()].sort((a, b) => a - b)).toEqual(indexes);
      expect(new Set(next.values()).size).toBe(indexes.length);
      for (const index of indexes) if (slots.has(index)) expect(next.get(index)).toBe(slots.get(index));
      // Numbers are reused (the focused row's own element may take one more than were drawn).
      expect(Math.max(...next.values())).toBeLessThanOrEqual(mostDrawn);
      expect(assignSlots(slots, indexes, focused)).toEqual(next);
      slots = next;
    }
  });
});
