/**
 * "No longer in Ascora" is confirmed by a direct look-up (issue 13): a full pass over offset pages
 * can miss a record that moved between pages while another user changed Ascora's data, and still
 * count as many records as Ascora says it has. Such a record is looked up by itself (a customer by
 * id, a job by number) before it is marked missing; a record Ascora really deleted is marked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimRequestEvent } from '../../sim/server';
import { createSyncWorld, one, type SyncWorld } from '../support/sync';

const PAGE_SIZE = 10;

describe.each([
  { entity: 'customers', table: 'ascora_customers', idColumn: 'ascora_customer_id', list: 'get /customers/customers' },
  { entity: 'jobs', table: 'ascora_jobs', idColumn: 'ascora_job_id', list: 'get /jobs/jobs' },
] as const)('a full pass of $entity', ({ entity, table, idColumn, list }) => {
  let world: SyncWorld;
  /** What another Ascora user does when the pass asks for its first page after page 1. */
  let whilePaging: (() => void) | null = null;
  const ids = (): string[] => {
    const state = world.sim.control.state();
    return entity === 'jobs' ? state.jobs.map((j) => j.jobId) : state.customers.map((c) => c.customerId);
  };
  const row = (ascoraId: string) =>
    one<{ missing_passes: number; remote_missing: number }>(
      world,
      `SELECT missing_passes, remote_missing FROM ${table} WHERE ${idColumn} = ?`,
      ascoraId,
    );
  const fullPass = () => world.engine.syncNow(world.integrationId, { kind: 'full' });

  /**
   * Puts `moved` first on page 2, then, once page 1 has been read, deletes the first record of
   * page 1: `moved` shifts onto page 1, which was read already, so this pass never sees it, while
   * the deleted record was seen: the pass still sees as many ids as Ascora counts.
   */
  function missDuringNextPass(moved: string): string {
    world.sim.control.moveRecord(entity, moved, PAGE_SIZE);
    const deleted = ids()[0]!;
    whilePaging = () => {
      whilePaging = null;
      if (entity === 'jobs') world.sim.control.deleteJob(deleted);
      else world.sim.control.deleteCustomer(deleted);
    };
    return deleted;
  }

  beforeAll(async () => {
    world = await createSyncWorld(
      {
        jobs: 30,
        customers: 30,
        invoices: 2,
        observe: (event: SimRequestEvent) => {
          const page = Number(new URL(event.path, 'http://sim').searchParams.get('Page'));
          if (event.stage === 'received' && event.route === list && page >= 2) whilePaging?.();
        },
      },
      PAGE_SIZE,
    );
    await fullPass();
  });
  afterAll(() => world.close());

  it('does not mark a record missing that moved between pages: that pass looks it up and finds it', async () => {
    const moved = ids()[20]!;
    const deleted = missDuringNextPass(moved);
    world.sim.control.resetRequestLog();
    const first = await fullPass();
    expect(first.status).toBe('success');
    const lookups = world.sim.control.requestLog().filter((r) => /^\/(Customers\/Customer|Jobs\/Job)\//.test(r.path));
    expect(lookups).toHaveLength(1);
    expect(row(moved)).toEqual({ missing_passes: 0, remote_missing: 0 });

    // The record really deleted during that pass (it was seen on page 1): the next pass does not
    // see it, looks it up, and Ascora has none: missing after that one pass.
    expect(row(deleted)).toEqual({ missing_passes: 0, remote_missing: 0 });
    await fullPass();
    expect(row(deleted)).toEqual({ missing_passes: 1, remote_missing: 1 });
    expect(row(moved)).toEqual({ missing_passes: 0, remote_missing: 0 });
  });
});
