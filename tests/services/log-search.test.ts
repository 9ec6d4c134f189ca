/**
 * The Sync centre's log is searched and filtered in the core (issue 13): by words in a line's
 * message or error or in the name of the record it is about, by what it is about (a run or a kind of
 * record), by status, and keyset-paged with the filters kept. Over the real handlers, mirror and
 * simulator; Ascora's refusal comes from the simulator's fault table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../main/core/ipc/registry';
import type { InputOf } from '../../shared/contract';
import type { Page, SyncLogRow } from '../../shared/domain';
import { tableChecksum } from '../support/db';
import { createSyncWorld, createWorldRegistry, okCaller, type SyncWorld } from '../support/sync';

let world: SyncWorld;
let registry: Registry;

const ok: ReturnType<typeof okCaller> = (channel, input) => okCaller(registry)(channel, input);
const logs = (q: Omit<InputOf<'logs.list'>, 'integrationId'>) =>
  ok('logs.list', { integrationId: world.integrationId, ...q }) as Promise<Page<SyncLogRow>>;

beforeAll(async () => {
  world = await createSyncWorld({ jobs: 20, customers: 8, invoices: 2 });
  registry = createWorldRegistry(world);
  await world.engine.syncNow(world.integrationId);
  // A new customer Ascora refuses: her log line keeps Ascora's message, and does not name her.
  await ok('customers.create', {
    integrationId: world.integrationId,
    fields: { contactFirstName: 'Marguerite', contactLastName: 'Okafor', emailAddress: 'm.okafor@example.com.au' },
  });
  world.sim.control.setFault('POST /Customers/Customer', {
    kind: 'reject',
    status: 400,
    message: 'A customer with this ABN already exists.',
    times: 1,
  });
  await world.engine.syncNow(world.integrationId);
  await world.engine.syncNow(world.integrationId);
});
afterAll(() => world.close());

describe('the sync log', () => {
  it('finds a line by the name of the record it is about, though its message does not say it', async () => {
    const page = await logs({ search: 'okafor' });
    expect(page.rows.map((r) => [r.subject.what, r.subject.name, r.status, r.error])).toEqual([
      ['New customer', 'Marguerite Okafor', 'failed', 'A customer with this ABN already exists.'],
    ]);
    expect(page.rows[0]!.message).not.toMatch(/okafor/i);
    expect(page.total).toBe(1);
  });

  it('finds lines by words of their message or error', async () => {
    const page = await logs({ search: 'ABN already' });
    expect(page.rows.map((r) => r.subject.name)).toEqual(['Marguerite Okafor']);
    expect((await logs({ search: 'no such words in any line' })).rows).toEqual([]);
  });

  it('filters by what a line is about, and by status, together with the words', async () => {
    const runs = await logs({ kind: 'run' });
    expect(runs.rows.length).toBe(3);
    expect(runs.rows.every((r) => r.kind === 'run')).toBe(true);
    expect((await logs({ kind: 'customer' })).rows.map((r) => r.subject.name)).toEqual(['Marguerite Okafor']);
    expect((await logs({ kind: 'job', search: 'okafor' })).rows).toEqual([]);
    // The run that met the refusal finished with failures; the others finished.
    expect((await logs({ kind: 'run', status: 'partial' })).total).toBe(1);
    expect((await logs({ kind: 'run', status: 'success' })).total).toBe(2);
  });

  it('pages with a cursor, newest first, keeping the filters', async () => {
    const first = await logs({ kind: 'run', limit: 2 });
    expect(first.rows).toHaveLength(2);
    expect(first.total).toBe(3);
    const second = await logs({ kind: 'run', limit: 2, cursor: first.nextCursor });
    expect(second.rows).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.rows, ...second.rows].map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(second.rows.every((r) => r.kind === 'run')).toBe(true);
  });

  it('refuses a filter the contract does not know, changing nothing', async () => {
    const checksum = tableChecksum(world.core.sqlite);
    const result = await registry.invoke('logs.list', {
      integrationId: world.integrationId,
      kind: 'everything',
    } as never);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(tableChecksum(world.core.sqlite)).toBe(checksum);
  });
});
