/**
 * Issue 13, item 3: one vocabulary for a record's state (shared/record-state.ts) on every badge,
 * filter and count. The rule itself; the badge; each list filter selecting exactly the rows whose
 * badge says it, over real records in every state the sync makes (the simulator's rules and faults
 * make them); and the Sync centre naming each change in words, with Today's count.
 */
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StateBadge } from '../../renderer/src/components/SyncBadge';
import { Customers } from '../../renderer/src/screens/Customers';
import { Today } from '../../renderer/src/screens/Today';
import { SyncCentre } from '../../renderer/src/screens/sync-centre/SyncCentre';
import { connections } from '../../renderer/src/cache';
import type { CustomerRow, Page, SyncProblem } from '../../shared/domain';
import {
  RECORD_FILTERS,
  RECORD_STATES,
  RECORD_STATE_WORDS,
  recordState,
  type RecordFacts,
  type RecordState,
} from '../../shared/record-state';
import { refreshConnections, startRendererWorld, type RendererWorld } from './support';
import { editableFieldsOf } from '../support/customers';

describe('the rule', () => {
  const change = (state: 'waiting' | 'sending' | 'refused' | 'check') => ({
    outboxId: 1,
    kind: 'update' as const,
    state,
    error: null,
    repairable: state !== 'sending' && state !== 'check',
  });
  it.each<[string, RecordFacts, RecordState]>([
    ['synced', { syncState: 'synced' }, 'in_ascora'],
    ['pending', { syncState: 'pending' }, 'waiting'],
    ['pending, on the wire now', { syncState: 'pending', change: change('sending') }, 'sending'],
    ['failed', { syncState: 'failed' }, 'refused'],
    ['failed because its create waits for a check', { syncState: 'failed', needsCheck: true }, 'check'],
    ['an answer lost', { syncState: 'pending', change: change('check') }, 'check'],
    ['conflict', { syncState: 'conflict' }, 'conflict'],
    ['in Ascora, with a status, notes or attachments only here', { syncState: 'local_only' }, 'to_enter'],
    ['synced but gone from Ascora', { syncState: 'synced', remoteMissing: true }, 'missing'],
    ['local only and gone from Ascora', { syncState: 'local_only', remoteMissing: true }, 'missing'],
    ['an edit waiting, gone from Ascora', { syncState: 'pending', remoteMissing: true }, 'missing'],
    ['refused and gone from Ascora (a person acts first)', { syncState: 'failed', remoteMissing: true }, 'refused'],
    [
      'gone from Ascora, kept here by a person',
      { syncState: 'synced', remoteMissing: true, keptLocally: true },
      'local_only',
    ],
  ])('%s: %s', (_name, facts, expected) => {
    expect(recordState(facts)).toBe(expected);
  });

  it('names every state once, in words, with what it means', () => {
    const labels = RECORD_STATES.map((s) => RECORD_STATE_WORDS[s].label);
    expect(new Set(labels).size).toBe(RECORD_STATES.length);
    expect(labels).toEqual([
      'Waiting to send',
      'Sending',
      'In Ascora',
      'Refused by Ascora',
      'Check in Ascora',
      'Changed on both sides',
      'No longer in Ascora',
      'No longer in Ascora, kept here',
      'To enter in Ascora',
    ]);
    for (const s of RECORD_STATES) {
      const { unmount } = render(<StateBadge state={s} />);
      const badge = screen.getByText(RECORD_STATE_WORDS[s].label);
      expect(badge.getAttribute('title')).toBe(RECORD_STATE_WORDS[s].meaning);
      unmount();
    }
  });
});

describe('over real records in each state', () => {
  let world: RendererWorld;
  const names = { waiting: 'Waiting Pty Ltd', refused: 'Refused Pty Ltd' };
  const invoke = async (channel: string, input: unknown) => {
    const result = await world.core.registry.invoke(channel as never, input as never);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as never;
  };

  beforeAll(async () => {
    world = await startRendererWorld({ ownAscora: true });
    const sim = world.ascora!.control;
    const integrationId = world.integrationId;
    // Refused: Ascora says no to this customer's create.
    sim.setFault('POST /Customers/Customer', {
      kind: 'reject',
      status: 400,
      message: 'Email address is invalid.',
      times: 1,
    });
    await invoke('customers.create', { integrationId, fields: { companyName: names.refused } });
    // No longer in Ascora: another user deletes one; two full passes without it.
    const customers = sim.state().customers;
    sim.deleteCustomer(customers[2]!.customerId);
    // Changed on both sides: the same field edited here and there.
    const both = customers[4]!;
    const row = world.core.ctx.sqlite
      .prepare('SELECT id FROM ascora_customers WHERE ascora_customer_id = ?')
      .get(both.customerId) as { id: number };
    const detail = (await invoke('customers.get', { customerId: row.id })) as Record<string, unknown>;
    const fields = editableFieldsOf(detail);
    await invoke('customers.update', { customerId: row.id, fields: { ...fields, streetLine2: 'Unit 1 (here)' } });
    sim.editCustomer(both.customerId, { streetLine2: 'Unit 2 (there)' });
    // Full checks: only they count a record Ascora no longer has (an incremental run cannot see it).
    await invoke('sync.now', { integrationId, kind: 'full' });
    await invoke('sync.now', { integrationId, kind: 'full' });
    // Waiting to send: saved after the last sync.
    await invoke('customers.create', { integrationId, fields: { companyName: names.waiting } });
    await refreshConnections();
  });
  afterAll(() => world.close());
  // Each test's screens alone: a screen left mounted would show the same cached answers twice.
  afterEach(cleanup);

  it('each filter of the list offers the vocabulary and selects exactly the rows whose badge says it', async () => {
    render(<Customers integrationId={world.integrationId} />);
    const select = screen.getByLabelText('Sync');
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Any', ...RECORD_FILTERS.map((f) => RECORD_STATE_WORDS[f].label)]);

    const all = (await invoke('customers.list', {
      integrationId: world.integrationId,
      limit: 500,
    })) as Page<CustomerRow>;
    const byBadge = new Map<RecordState, number>();
    for (const r of all.rows) byBadge.set(recordState(r), (byBadge.get(recordState(r)) ?? 0) + 1);
    // The states this world made are all there.
    for (const s of ['in_ascora', 'waiting', 'refused', 'conflict', 'missing'] as const)
      expect(byBadge.get(s), s).toBeGreaterThan(0);
    for (const f of RECORD_FILTERS) {
      const page = (await invoke('customers.list', {
        integrationId: world.integrationId,
        recordState: f,
        limit: 500,
      })) as Page<CustomerRow>;
      expect(
        page.rows.map((r) => recordState(r)).filter((s) => s !== f),
        f,
      ).toEqual([]);
      expect(page.total, f).toBe(byBadge.get(f) ?? 0);
    }
  });

  it('the Sync centre names each change in words, gives the reason inline, labels the run, and agrees with Today', async () => {
    const integration = connections().find((i) => i.id === world.integrationId)!;
    const problems = (await invoke('sync.problems', { integrationId: world.integrationId })) as SyncProblem[];
    expect(problems.map((p) => [p.what, p.name, p.state, p.reason])).toEqual([
      ['New customer', names.refused, 'refused', 'Email address is invalid.'],
    ]);
    const needAttention = integration.failedCount + integration.conflictCount;
    expect(needAttention).toBe(2);

    render(<Today integration={integration} />);
    // Today names each kind, and together they are the Sync centre's count.
    await screen.findByRole('button', { name: '1 change Ascora refused' });
    expect(screen.getByRole('button', { name: '1 conflict to resolve' })).toBeTruthy();
    render(<SyncCentre integrationId={world.integrationId} />);
    await screen.findByRole('heading', { name: `Needs attention (${needAttention})` });
    const item = await screen.findByRole('listitem', { name: `New customer: ${names.refused}` });
    expect(item.textContent).toContain('Ascora said: Email address is invalid.');
    expect(within(item).getByRole('button', { name: 'Open it to change or discard it' })).toBeTruthy();
    const log = screen.getByRole('table', { name: 'Sync log' });
    await waitFor(() =>
      expect(
        within(log)
          .getAllByRole('cell')
          .some((c) => c.textContent === `New customer: ${names.refused}`),
      ).toBe(true),
    );
    // No developer terms, no GUIDs.
    expect(log.textContent).not.toMatch(/push|create_customer|update_customer|[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(within(log).getAllByText('Finished with failures').length).toBeGreaterThan(0);
  });

  it('"Send again unchanged" on the to-do list queues that change alone; once in Ascora it leaves the list', async () => {
    const user = userEvent.setup();
    render(<SyncCentre integrationId={world.integrationId} />);
    const item = await screen.findByRole('listitem', { name: `New customer: ${names.refused}` });
    await user.click(within(item).getByRole('button', { name: 'Send again unchanged' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: `New customer: ${names.refused}` })).toBeNull());
    const state = world.core.ctx.sqlite
      .prepare(
        "SELECT o.state FROM outbox o JOIN ascora_customers c ON c.id = o.record_id WHERE o.kind = 'create_customer' AND c.company_name = ?",
      )
      .get(names.refused);
    expect(state).toEqual({ state: 'pending' });
    await invoke('sync.now', { integrationId: world.integrationId });
    expect(world.ascora!.control.state().customers.filter((c) => c.companyName === names.refused)).toHaveLength(1);
    expect(((await invoke('sync.problems', { integrationId: world.integrationId })) as SyncProblem[]).length).toBe(0);
  });
});
