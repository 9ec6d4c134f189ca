/**
 * The lists' table stays fast however many rows are loaded (issue 21, bench case 10): only the
 * rows in view are drawn (a window's worth, whatever was loaded), a page arriving draws none of
 * the rows already drawn, scrolling draws only the rows coming into view, and opening a record
 * marks its row without drawing the others again. Before, every page drew every loaded row again
 * (O(n) a page, O(n²) a scroll to the end). Counted here as the times each row's cells are drawn.
 *
 * The rows come from a load function over a fixed array (the table's own contract, Page<T>), so
 * the count is of DataTable's drawing alone; lists.test.tsx covers the lists over the real core.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from '../../shared/domain';
import { CellText, DataTable, type ListColumn } from '../../renderer/src/components/DataTable';
import { TwoLineText } from '../../renderer/src/components/TwoLineText';

interface Thing {
  id: number;
  name: string;
}

const PAGE = 500;
/** DataTable's row height, px. */
const ROW = 34;
const THINGS: Thing[] = Array.from({ length: 3 * PAGE }, (_, i) => ({ id: i + 1, name: `Thing ${i + 1}` }));

/** How many times each row's cells were drawn, by row id. */
let drawn: Map<number, number>;
const COLUMNS: ListColumn<Thing>[] = [
  {
    id: 'name',
    label: 'Name',
    width: '1fr',
    text(row) {
      drawn.set(row.id, (drawn.get(row.id) ?? 0) + 1);
      return row.name;
    },
  },
];

async function load(cursor: string | null): Promise<Page<Thing>> {
  const from = cursor === null ? 0 : Number(cursor);
  const rows = THINGS.slice(from, from + PAGE);
  const next = from + PAGE;
  return { rows, total: THINGS.length, nextCursor: next < THINGS.length ? String(next) : null };
}

beforeEach(() => {
  drawn = new Map();
});
afterEach(cleanup);

/** Scrolls the grid as a person would (jsdom has no layout: the offset is set, then told). */
function scrollTo(offset: number) {
  const grid = screen.getByRole('grid', { name: 'Things' });
  Object.defineProperty(grid, 'scrollTop', { configurable: true, writable: true, value: offset });
  act(() => {
    grid.dispatchEvent(new Event('scroll'));
  });
}

/** The rows the table has drawn (in the DOM now), by their names. */
const drawnRows = () =>
  within(screen.getByRole('grid', { name: 'Things' }))
    .getAllByRole('rowheader')
    .map((cell) => cell.textContent);

function Things(props: {
  openId: number | null;
  onRows(rows: Thing[]): void;
  load?: (cursor: string | null) => Promise<Page<Thing>>;
}) {
  return (
    <DataTable<Thing>
      label="Things"
      listId="things"
      noun={{ one: 'thing', many: 'things' }}
      columns={COLUMNS}
      queryKey="all"
      load={props.load ?? load}
      onOpen={() => {}}
      openId={props.openId}
      rowName={(row) => row.name}
      onRows={props.onRows}
      empty={() => 'No things'}
    />
  );
}

/** The list shown with nothing open; how many rows it has loaded, read at any time. */
function showThings(pages = load): () => number {
  let loaded = 0;
  render(
    <Things
      openId={null}
      load={pages}
      onRows={(rows) => {
        loaded = rows.length;
      }}
    />,
  );
  return () => loaded;
}

describe('the table as pages arrive', () => {
  it('draws only the rows in view, each once: a new page draws none of them again, nor does opening a record', async () => {
    let loaded = 0;
    const onRows = (rows: Thing[]) => {
      loaded = rows.length;
    };
    const { rerender } = render(<Things openId={null} onRows={onRows} />);
    await waitFor(() => expect(loaded).toBe(PAGE));
    // A window of 400 px holds a dozen rows; a few more are drawn either side.
    expect(drawnRows()[0]).toBe('Thing 1');
    expect(drawn.size).toBeLessThan(40);

    // The open record's row is marked; no row is drawn again for it.
    rerender(<Things openId={2} onRows={onRows} />);
    const grid = screen.getByRole('grid', { name: 'Things' });
    await waitFor(() =>
      expect(within(grid).getByRole('rowheader', { name: 'Thing 2' }).closest('.dt-row')?.classList).toContain('open'),
    );
    expect(within(grid).getByRole('rowheader', { name: 'Thing 1' }).closest('.dt-row')?.classList).not.toContain(
      'open',
    );
    expect(Math.max(...drawn.values())).toBe(1);

    // Scrolled to the end of what is loaded, twice: the next page comes each time, and only the rows
    // coming into view are drawn, each once (the row with the tab stop stays drawn, not again).
    for (const pages of [2, 3]) {
      scrollTo((pages - 1) * PAGE * ROW - 200);
      await waitFor(() => expect(loaded).toBe(pages * PAGE));
    }
    // The bottom: the header's height above the rows, the window's 400 px on the last of them.
    scrollTo(ROW + 3 * PAGE * ROW - 400);
    await waitFor(() => expect(drawnRows()).toContain(`Thing ${THINGS.length}`));
    expect(Math.max(...drawn.values())).toBe(1);
    expect(drawn.size).toBeLessThan(120);
    expect(drawnRows().length).toBeLessThan(40);
    // A screen reader hears where it is in the whole list.
    const last = within(grid)
      .getByRole('rowheader', { name: `Thing ${THINGS.length}` })
      .closest('[role=row]');
    expect(last?.getAttribute('aria-rowindex')).toBe(String(THINGS.length + 1));
    expect(grid.getAttribute('aria-rowcount')).toBe(String(THINGS.length + 1));
  });

  it('asks for the next page while a few hundred rows are still to come, so the scroll need not stop at the end', async () => {
    const loaded = showThings();
    await waitFor(() => expect(loaded()).toBe(PAGE));
    // Half-way down the first page: nothing more is asked for yet.
    scrollTo((PAGE / 2 - 150) * ROW);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(loaded()).toBe(PAGE);
    // 200 rows from its end (far more than a window holds): the second page comes.
    scrollTo((PAGE - 200) * ROW);
    await waitFor(() => expect(loaded()).toBe(2 * PAGE));
  });

  it('a jump (a fast scroll, the scrollbar dragged) draws only the window; a step of a row or two draws a few more either side', async () => {
    const loaded = showThings();
    await waitFor(() => expect(loaded()).toBe(PAGE));
    const names = () => drawnRows().filter((name) => name !== 'Thing 1'); // the tab stop's row stays drawn
    scrollTo(200 * ROW);
    await waitFor(() => expect(names()[0]).toBe('Thing 200'));
    // Rows 200 to 212 fill the 400 px window (the header's 34 px above): nothing beyond it.
    expect(names().length).toBeLessThanOrEqual(13);
    scrollTo(201 * ROW);
    await waitFor(() => expect(names().length).toBeGreaterThanOrEqual(13 + 6));
  });

  it('looks ahead half a page of its own size: a list of pages of 100 asks for its first page only, until scrolled', async () => {
    const small = async (cursor: string | null): Promise<Page<Thing>> => {
      const from = cursor === null ? 0 : Number(cursor);
      return { rows: THINGS.slice(from, from + 100), total: THINGS.length, nextCursor: String(from + 100) };
    };
    const loaded = showThings(small);
    await waitFor(() => expect(loaded()).toBe(100));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(loaded()).toBe(100);
    scrollTo(40 * ROW);
    await waitFor(() => expect(loaded()).toBe(200));
  });
});

/** The body's row elements, in their DOM order. */
const rowElements = () => [
  ...screen.getByRole('grid', { name: 'Things' }).querySelectorAll<HTMLElement>('.dt-body > [role=row]'),
];
/** The row element showing the thing named `name`. */
const rowOf = (name: string) =>
  within(screen.getByRole('grid', { name: 'Things' }))
    .getByRole('rowheader', { name })
    .closest<HTMLElement>('[role=row]')!;
const nameIn = (row: HTMLElement) => within(row).getByRole('rowheader').textContent;

describe("the rows' elements as the list scrolls (recycled)", () => {
  it('a jump shows the new rows in the elements drawn before, none made and none moved; the focused row keeps its element and the focus', async () => {
    const loaded = showThings();
    await waitFor(() => expect(loaded()).toBe(PAGE));
    const focusedRow = rowOf('Thing 1');
    act(() => focusedRow.focus());
    // A few rows at a time first (less than the overscan: no jump), so rows have left at the top
    // and their elements come in at the bottom: the elements' order is no longer the first one.
    for (let rows = 3; rows <= 30; rows += 3) scrollTo(rows * ROW);
    await waitFor(() => expect(drawnRows()).toContain('Thing 31'));
    const before = rowElements();
    const shownBefore = before.map(nameIn);
    const body = focusedRow.parentElement!;
    const changes = new MutationObserver(() => {});
    changes.observe(body, { childList: true });

    scrollTo(200 * ROW);
    await waitFor(() => expect(drawnRows()).toContain('Thing 200'));
    const after = rowElements();
    // Every element drawn now was drawn before, in the same order: none was added to the body
    // (a move would be a removal and an addition); those left over were removed.
    expect(after.every((row) => before.includes(row))).toBe(true);
    const places = after.map((row) => before.indexOf(row));
    expect(places).toEqual([...places].sort((a, b) => a - b));
    expect(changes.takeRecords().flatMap((record) => [...record.addedNodes])).toEqual([]);
    changes.disconnect();
    // They show other rows now, in the rows' order (aria-rowindex), after the focused one.
    for (const row of after.slice(1)) expect(shownBefore).not.toContain(nameIn(row));
    const rowIndexes = after.map((row) => Number(row.getAttribute('aria-rowindex')));
    expect(rowIndexes).toEqual([...rowIndexes].sort((a, b) => a - b));
    expect(nameIn(after[1]!)).toBe('Thing 200');
    // The focused row, drawn though scrolled away: the same element, still with the focus.
    expect(after[0]).toBe(focusedRow);
    expect(nameIn(focusedRow)).toBe('Thing 1');
    expect(document.activeElement).toBe(focusedRow);
    expect(focusedRow.tabIndex).toBe(0);
  });

  it('a recycled row shows the open mark of the row it shows now, not of the row it showed', async () => {
    const onRows = () => {};
    const { rerender } = render(<Things openId={2} onRows={onRows} />);
    const grid = screen.getByRole('grid', { name: 'Things' });
    await waitFor(() => expect(rowOf('Thing 2').classList).toContain('open'));
    const wasOpen = rowOf('Thing 2');

    scrollTo(200 * ROW);
    await waitFor(() => expect(drawnRows()).toContain('Thing 200'));
    expect(wasOpen.isConnected).toBe(true);
    expect(nameIn(wasOpen)).not.toBe('Thing 2');
    expect(grid.querySelectorAll('.dt-row.open')).toHaveLength(0);

    // A row drawn in a recycled element is marked when it is opened, and alone.
    rerender(<Things openId={205} onRows={onRows} />);
    await waitFor(() => expect(rowOf('Thing 205').classList).toContain('open'));
    expect(grid.querySelectorAll('.dt-row.open')).toHaveLength(1);

    scrollTo(0);
    await waitFor(() => expect(drawnRows()).toContain('Thing 2'));
    expect(grid.querySelectorAll('.dt-row.open')).toHaveLength(0);
    rerender(<Things openId={2} onRows={onRows} />);
    await waitFor(() => expect(rowOf('Thing 2').classList).toContain('open'));
    expect(grid.querySelectorAll('.dt-row.open')).toHaveLength(1);
  });

  it('a recycled cell never keeps the tooltip of the row it showed: it is measured again for the words it shows now', async () => {
    const loaded = showThings();
    await waitFor(() => expect(loaded()).toBe(PAGE));
    const cell = rowOf('Thing 2').querySelector<HTMLElement>('.dt-text')!;
    // Cut off (jsdom has no layout: its words are said to be wider than its box).
    Object.defineProperty(cell, 'scrollWidth', { configurable: true, value: 5000 });
    fireEvent.pointerEnter(cell);
    expect(cell.title).toBe('Thing 2');

    scrollTo(200 * ROW);
    await waitFor(() => expect(drawnRows()).toContain('Thing 200'));
    expect(cell.isConnected).toBe(true);
    expect(cell.textContent).not.toBe('Thing 2');
    expect(cell.hasAttribute('title')).toBe(false);
    fireEvent.pointerEnter(cell);
    expect(cell.title).toBe(cell.textContent);
  });
});

/** The cell's words, cut off (wider or taller than their box), with the pointer just come onto them. */
function pointedAtCutCell(container: HTMLElement, overflow: 'scrollWidth' | 'scrollHeight'): HTMLElement {
  const cell = container.querySelector<HTMLElement>('.dt-text')!;
  Object.defineProperty(cell, overflow, { configurable: true, value: 5000 });
  fireEvent.pointerEnter(cell);
  return cell;
}

describe("a cut-off cell's tooltip", () => {
  it('is of the words a cell shows now (with its detail), not of those it showed when the pointer came', () => {
    const { container, rerender } = render(<CellText text="Harbourside Strata" detail="2 of this name" />);
    const cell = pointedAtCutCell(container, 'scrollWidth');
    expect(cell.title).toBe('Harbourside Strata · 2 of this name');
    rerender(<CellText text="Bayview Motel" />);
    expect(cell.hasAttribute('title')).toBe(false);
    fireEvent.pointerEnter(cell);
    expect(cell.title).toBe('Bayview Motel');
  });

  it('is of the words a two-line cell shows now, not of those it showed when the pointer came', () => {
    const { container, rerender } = render(<TwoLineText text="Water damage, kitchen and hall" />);
    const cell = pointedAtCutCell(container, 'scrollHeight');
    expect(cell.title).toBe('Water damage, kitchen and hall');
    rerender(<TwoLineText text="Mould, bathroom" />);
    expect(cell.hasAttribute('title')).toBe(false);
  });
});
