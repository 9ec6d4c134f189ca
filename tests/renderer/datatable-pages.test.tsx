/**
 * The lists' table stays fast however many rows are loaded (issue 21, bench case 10): a page
 * arriving draws its own rows only, never the rows already drawn, and opening a record marks its
 * row without drawing the others again. Before, every page drew every loaded row again (O(n) a
 * page, O(n²) a scroll to the end). Counted here as the times each row's cells are drawn.
 *
 * The rows come from a load function over a fixed array (the table's own contract, Page<T>), so
 * the count is of DataTable's drawing alone; lists.test.tsx covers the lists over the real core.
 */
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from '../../shared/domain';
import { DataTable, type ListColumn } from '../../renderer/src/components/DataTable';

interface Thing {
  id: number;
  name: string;
}

const PAGE = 500;
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

/**
 * jsdom never sees the "load more" sentinel (renderer/test-setup.ts): these observers let a test
 * say when the end of the list has scrolled into view, as a browser would.
 */
let sentinels: { callback: IntersectionObserverCallback; observer: IntersectionObserver; targets: Element[] }[];
const plainObserver = globalThis.IntersectionObserver;
beforeEach(() => {
  drawn = new Map();
  sentinels = [];
  globalThis.IntersectionObserver = class {
    readonly root = null;
    readonly rootMargin = '';
    readonly thresholds = [];
    private readonly entry;
    constructor(callback: IntersectionObserverCallback) {
      this.entry = { callback, observer: this as unknown as IntersectionObserver, targets: [] as Element[] };
      sentinels.push(this.entry);
    }
    observe(target: Element) {
      this.entry.targets.push(target);
    }
    unobserve(target: Element) {
      this.entry.targets = this.entry.targets.filter((t) => t !== target);
    }
    disconnect() {
      this.entry.targets = [];
    }
    takeRecords() {
      return [];
    }
  } as unknown as typeof IntersectionObserver;
});
afterEach(() => {
  cleanup();
  globalThis.IntersectionObserver = plainObserver;
});

function scrollToEnd() {
  act(() => {
    for (const { callback, observer, targets } of sentinels) {
      const entries = targets.map((target) => ({ target, isIntersecting: true }) as IntersectionObserverEntry);
      if (entries.length > 0) callback(entries, observer);
    }
  });
}

function Things(props: { openId: number | null; onRows(rows: Thing[]): void }) {
  return (
    <DataTable<Thing>
      label="Things"
      listId="things"
      noun={{ one: 'thing', many: 'things' }}
      columns={COLUMNS}
      queryKey="all"
      load={load}
      onOpen={() => {}}
      openId={props.openId}
      rowName={(row) => row.name}
      onRows={props.onRows}
      empty={() => 'No things'}
    />
  );
}

describe('the table as pages arrive', () => {
  it('draws each row once: a new page draws its own rows, and opening a record redraws none of the others', async () => {
    let loaded = 0;
    const onRows = (rows: Thing[]) => {
      loaded = rows.length;
    };
    const { rerender } = render(<Things openId={null} onRows={onRows} />);
    await waitFor(() => expect(loaded).toBe(PAGE));
    for (const pages of [2, 3]) {
      scrollToEnd();
      await waitFor(() => expect(loaded).toBe(pages * PAGE));
    }
    await waitFor(() => expect(drawn.size).toBe(THINGS.length));
    expect(Math.max(...drawn.values())).toBe(1);

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
  });
});
