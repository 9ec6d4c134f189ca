/**
 * Issue 21, one cache in the renderer: a change event marks stale only the answers it names, and
 * a click costs its one command and the queries the core named for it, nothing more (counted at
 * the transport, over the real core: tests/renderer/support.ts). Connections' status follows from
 * the pushed event, without the window asking.
 */
import { cleanup, render, renderHook, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getClient, setClient } from '../../renderer/src/api';
import {
  applyChange,
  connections,
  coreKey,
  fetchCore,
  queryClient,
  useConnections,
  useCoreQuery,
} from '../../renderer/src/cache';
import { Invoices } from '../../renderer/src/screens/Invoices';
import { Jobs } from '../../renderer/src/screens/Jobs';
import { useSession } from '../../renderer/src/stores/session';
import { createClient } from '../../shared/client';
import type { ChannelName } from '../../shared/contract';
import { refreshConnections, startRendererWorld, type RendererWorld } from './support';

let world: RendererWorld;
let jobs: { id: number; jobNumber: string }[];
let invoice: { id: number; number: string };

beforeAll(async () => {
  world = await startRendererWorld();
  jobs = world.core.ctx.sqlite
    .prepare("SELECT id, job_number AS jobNumber FROM ascora_jobs WHERE sync_state = 'synced' ORDER BY id LIMIT 2")
    .all() as typeof jobs;
  invoice = world.core.ctx.sqlite
    .prepare('SELECT id, invoice_number AS number FROM ascora_invoices ORDER BY id LIMIT 1')
    .get() as typeof invoice;
});
afterAll(() => world.close());
beforeEach(() => useSession.setState({ screens: {}, unsaved: [], pendingLeave: null }));
afterEach(() => {
  cleanup();
  queryClient.clear();
});

/** Stale: marked so, or (not on screen) dropped; either way asked for again when next shown. */
const stale = (channel: ChannelName, input: object) =>
  queryClient.getQueryState(coreKey(channel, input as never))?.isInvalidated ?? true;

/** Every answer the window asked for has come (nothing in flight). */
const settled = () => waitFor(() => expect(queryClient.isFetching()).toBe(0));
const sorted = (calls: string[]) => [...calls].sort();

describe('a change event marks stale only what it names', () => {
  function fill() {
    const some = {} as never;
    for (const job of jobs) queryClient.setQueryData(coreKey('jobs.get', { jobId: job.id }), some);
    queryClient.setQueryData(coreKey('jobs.statuses', { integrationId: world.integrationId }), []);
    queryClient.setQueryData(coreKey('integration.list', {}), []);
    queryClient.setQueryData(coreKey('invoices.get', { invoiceId: invoice.id }), some);
    queryClient.setQueryData(coreKey('jobs.list', { integrationId: world.integrationId, limit: 500 } as never), some);
  }

  it("a note: that job's detail only, not another job's, the statuses, the list or the connections", async () => {
    fill();
    await applyChange({ entity: 'job', ids: [jobs[0]!.id], queries: ['jobs.get', 'sync.toEnter'] });
    expect(stale('jobs.get', { jobId: jobs[0]!.id })).toBe(true);
    expect(stale('jobs.get', { jobId: jobs[1]!.id })).toBe(false);
    expect(stale('jobs.statuses', { integrationId: world.integrationId })).toBe(false);
    expect(stale('jobs.list', { integrationId: world.integrationId, limit: 500 })).toBe(false);
    expect(stale('integration.list', {})).toBe(false);
    expect(stale('invoices.get', { invoiceId: invoice.id })).toBe(false);
  });

  it("naming no queries: every query about the entity, a record's own narrowed to the records named", async () => {
    fill();
    await applyChange({ entity: 'job', ids: [jobs[1]!.id] });
    expect(stale('jobs.get', { jobId: jobs[0]!.id })).toBe(false);
    expect(stale('jobs.get', { jobId: jobs[1]!.id })).toBe(true);
    expect(stale('jobs.statuses', { integrationId: world.integrationId })).toBe(true);
    expect(stale('jobs.list', { integrationId: world.integrationId, limit: 500 })).toBe(true);
    // Not about jobs: kept. The connections' status is pushed, never marked stale by a change.
    expect(stale('invoices.get', { invoiceId: invoice.id })).toBe(false);
    expect(stale('integration.list', {})).toBe(false);
  });

  it("the core's own event for a note reaches the cache and marks its job's detail stale, nothing else", async () => {
    for (const job of jobs) await fetchCore('jobs.get', { jobId: job.id });
    await fetchCore('jobs.statuses', { integrationId: world.integrationId });
    await world.core.registry.invoke('jobs.addNote', { jobId: jobs[1]!.id, text: 'Straight to the core' });
    expect(stale('jobs.get', { jobId: jobs[1]!.id })).toBe(true);
    expect(stale('jobs.get', { jobId: jobs[0]!.id })).toBe(false);
    expect(stale('jobs.statuses', { integrationId: world.integrationId })).toBe(false);
  });
});

describe('an answer read before a change and arriving after it is never kept', () => {
  /**
   * The window's calls, the first of `channel` read from the core at once but handed over only
   * when `deliver()` is called: an answer on its way while the core changes what it read (the
   * events still reach the cache through the world's own client).
   */
  function holdFirstAnswerOf(channel: ChannelName) {
    const worldClient = getClient();
    let deliver!: () => void;
    const delivered = new Promise<void>((resolve) => (deliver = resolve));
    let read!: () => void;
    const wasRead = new Promise<void>((resolve) => (read = resolve));
    let held = false;
    setClient(
      createClient({
        invoke: async (name, input) => {
          const answer = JSON.parse(JSON.stringify(await world.core.registry.invoke(name, input)));
          if (name === channel && !held) {
            held = true;
            read();
            await delivered;
          }
          return answer;
        },
        subscribe: () => () => {},
      }),
    );
    return { wasRead, deliver, restore: () => setClient(worldClient) };
  }

  it("a record's first answer, read before a note was added, is asked for again: the note shows", async () => {
    const held = holdFirstAnswerOf('jobs.get');
    try {
      // jobs[1]: the click tests below count the first note on jobs[0] (it makes the job "only here").
      const { result } = renderHook(() => useCoreQuery('jobs.get', { jobId: jobs[1]!.id }));
      await held.wasRead;
      await world.core.registry.invoke('jobs.addNote', {
        jobId: jobs[1]!.id,
        text: 'Added while the answer travelled',
      });
      held.deliver();
      await waitFor(() =>
        expect(result.current.data?.notes.map((n) => n.text)).toContain('Added while the answer travelled'),
      );
    } finally {
      held.restore();
    }
  });

  it("the connections' status pushed while an older answer was on its way stays: the waiting count is not put back", async () => {
    await refreshConnections();
    const waitingBefore = connections().find((c) => c.id === world.integrationId)!.pendingCount;
    queryClient.removeQueries({ queryKey: coreKey('integration.list', {}) });
    const held = holdFirstAnswerOf('integration.list');
    try {
      renderHook(() => useConnections());
      await held.wasRead;
      const paid = await world.core.registry.invoke('invoices.recordPayment', {
        invoiceId: invoice.id,
        amountCents: 100,
        paymentDate: '2026-11-24',
        paymentMethod: 'EFT',
        comment: '',
      });
      expect(paid.ok).toBe(true);
      const pushed = () => connections().find((c) => c.id === world.integrationId)?.pendingCount;
      await waitFor(() => expect(pushed()).toBe(waitingBefore + 1));
      held.deliver();
      await settled();
      expect(pushed()).toBe(waitingBefore + 1);
    } finally {
      held.restore();
    }
  });
});

describe('one command per click, and only the queries the core named', () => {
  async function openJob(job: { id: number; jobNumber: string }) {
    useSession.setState({ screens: { jobs: { openId: job.id } } });
    render(<Jobs integrationId={world.integrationId} />);
    const panel = await screen.findByRole('complementary', { name: 'Job detail' });
    await within(panel).findByText(`Ascora job ${job.jobNumber}`);
    await screen.findByText(/^\d+ jobs$/);
    await settled();
    return panel;
  }

  it("a note costs its command and the job's detail (and the list when the job's row changed)", async () => {
    const user = userEvent.setup();
    const panel = await openJob(jobs[0]!);
    const addNote = async (text: string) => {
      world.calls.length = 0;
      await user.type(within(panel).getByRole('textbox', { name: 'New note' }), text);
      await user.click(within(panel).getByRole('button', { name: 'Add note' }));
      await within(panel).findByText(text);
      await settled();
      return sorted(world.calls);
    };
    // The first note makes the job "only here": its row in the list says so.
    expect(await addNote('Moisture readings taken')).toEqual(['jobs.addNote', 'jobs.get', 'jobs.list']);
    expect(await addNote('Dehumidifier placed')).toEqual(['jobs.addNote', 'jobs.get']);
  });

  it("a status from the pick list costs its command, the job's detail and the list: not the statuses", async () => {
    const user = userEvent.setup();
    const panel = await openJob(jobs[0]!);
    await user.click(within(panel).getByRole('button', { name: /New status/ }));
    const first = (await screen.findAllByRole('option'))[0]!;
    const status = first.textContent!;
    await user.click(first);
    world.calls.length = 0;
    await user.click(within(panel).getByRole('button', { name: 'Set status' }));
    await within(panel).findByText(new RegExp(`^${status} \\(in the app; Ascora: `));
    await settled();
    expect(sorted(world.calls)).toEqual(['jobs.get', 'jobs.list', 'jobs.updateStatus']);
  });

  it("a payment costs its command, the invoice and the list; the connection's waiting count follows unasked", async () => {
    const user = userEvent.setup();
    useSession.setState({ screens: { invoices: { openId: invoice.id } } });
    render(<Invoices integrationId={world.integrationId} />);
    const panel = await screen.findByRole('complementary', { name: 'Invoice detail' });
    await within(panel).findByRole('heading', { name: `Invoice ${invoice.number}` });
    await screen.findByText(/^\d+ invoices$/);
    await refreshConnections();
    await settled();
    const waitingBefore = connections().find((c) => c.id === world.integrationId)!.pendingCount;
    world.calls.length = 0;
    await user.type(within(panel).getByLabelText('Amount (AUD)'), '1');
    await user.click(within(panel).getByRole('button', { name: 'Record payment' }));
    await waitFor(() => expect(within(panel).getByRole('status').textContent).toContain('Payment saved'));
    await waitFor(() =>
      expect(connections().find((c) => c.id === world.integrationId)!.pendingCount).toBe(waitingBefore + 1),
    );
    await settled();
    expect(sorted(world.calls)).toEqual(['invoices.get', 'invoices.list', 'invoices.recordPayment']);
  });
});
