/**
 * Issue 7, item 3: disk trouble. The database full (SQLite's max_page_count caps the file) or
 * read-only (the file made unwritable, as a changed permission or a read-only disk does): every
 * write answers a clear STORAGE error, the outbox and what was saved stay intact, the file stays
 * sound, and once the disk is fixed the sync settles with nothing lost or doubled.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkIntegrity, openDatabase } from '../../main/core/db/open';
import type { Registry } from '../../main/core/ipc/registry';
import { runStep, settleAndCheck, SETTLE_RUNS, startRun, type Run } from '../chaos/runner';
import { generateScenario } from '../chaos/scenario';
import { tableChecksum } from '../support/db';
import { createSyncWorld, one, type SyncWorld } from '../support/sync';

let world: SyncWorld;
let registry: Registry;
let run: Run;

beforeEach(async () => {
  world = await createSyncWorld({ jobs: 200, customers: 40, invoices: 20 }, 20);
  run = startRun(world);
  registry = run.registry;
});
afterEach(async () => {
  if (world.core.sqlite !== world.core.database.sqlite && world.core.sqlite.open) world.core.sqlite.close();
  await world.close();
});

/** A person's offline work: customers, jobs from reports, edits, payments (the chaos steps). */
async function offlineWork(seed: number): Promise<void> {
  const steps = generateScenario(seed).steps.filter((s) =>
    ['createCustomer', 'jobFromReport', 'editCustomer', 'recordPayment', 'localStatus'].includes(s.op),
  );
  for (const step of steps.slice(0, 8)) await runStep(run, step);
}

const outboxRows = () => world.core.sqlite.prepare('SELECT id, kind, record_id FROM outbox ORDER BY id').all();
const STORAGE = { ok: false, error: { code: 'STORAGE', message: expect.stringMatching(/saved before is kept/) } };

async function settleInProcess(): Promise<string | null> {
  let quiet = 0;
  for (let i = 0; i < SETTLE_RUNS && quiet < 3; i++) {
    const summary = await world.engine.syncNow(world.integrationId, { ignoreBackoff: true });
    const status = world.engine.status(world.integrationId);
    quiet =
      summary.status === 'failed' || summary.written > 0 || summary.pushed > 0 || status.pendingCount > 0
        ? 0
        : quiet + 1;
  }
  return quiet >= 3 ? null : 'unsettled: the sync did not settle after the disk was fixed';
}

/** Distinct words filling `length` characters: more than a page's slack once indexed for search. */
const words = (prefix: string, length: number) =>
  Array.from({ length: 60 }, (_, i) => `${prefix}${i}`)
    .join(' ')
    .slice(0, length)
    .trim();

describe('a full disk', () => {
  it('fails the sync with a clear message, keeps the outbox, and settles once there is room', async () => {
    await world.engine.syncNow(world.integrationId, { entities: ['invoices'] });
    await offlineWork(31);
    const queued = outboxRows();
    expect(queued.length).toBeGreaterThan(2);
    // Room for what is there and hardly a page more: the first page of jobs cannot be written.
    const pages = world.core.sqlite.pragma('page_count', { simple: true }) as number;
    world.core.sqlite.pragma(`max_page_count = ${pages + 1}`);

    const summary = await world.engine.syncNow(world.integrationId, { ignoreBackoff: true });
    expect(summary.status).toBe('failed');
    expect(summary.message).toMatch(/disk is full/);
    expect(world.engine.status(world.integrationId)).toMatchObject({
      state: 'error',
      lastError: expect.stringMatching(/disk is full/),
    });
    expect(outboxRows()).toEqual(queued);
    expect(checkIntegrity(world.core.sqlite)).toEqual({ ok: true, problems: [] });

    // Saving anything new answers the same clear error and changes nothing. The file is held at
    // the size it has now, so the new customer (and its search index entries) needs a page it cannot get.
    world.core.sqlite.pragma(`max_page_count = ${world.core.sqlite.pragma('page_count', { simple: true }) as number}`);
    const before = tableChecksum(world.core.sqlite);
    expect(
      await registry.invoke('customers.create', {
        integrationId: world.integrationId,
        fields: {
          contactFirstName: 'Noor',
          contactLastName: 'Haddad',
          companyName: words('co', 200),
          streetLine1: words('st', 200),
          streetLine2: words('ln', 200),
        },
      }),
    ).toMatchObject(STORAGE);
    expect(tableChecksum(world.core.sqlite)).toBe(before);

    world.core.sqlite.pragma('max_page_count = 1073741823');
    await settleAndCheck(run, settleInProcess);
    expect(run.violations).toEqual([]);
  });
});

/** Unwritable for everyone: mode 0444, and for root (which ignores modes) the immutable flag. */
function makeReadOnly(file: string): { restore: () => void; byPermission: boolean } {
  fs.chmodSync(file, 0o444);
  let immutable = false;
  if (process.getuid?.() === 0) {
    try {
      execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
      immutable = true;
    } catch {
      // No chattr or no CAP_LINUX_IMMUTABLE: the connection is made read-only instead (below).
    }
  }
  let byPermission = true;
  try {
    fs.accessSync(file, fs.constants.W_OK);
    byPermission = false;
  } catch {
    // Unwritable, as intended.
  }
  return {
    byPermission,
    restore: () => {
      if (immutable) execFileSync('chattr', ['-i', file], { stdio: 'ignore' });
      fs.chmodSync(file, 0o644);
    },
  };
}

/** The app restarts on the same file (as after the permission changed under it). */
function reopen(): void {
  if (world.core.sqlite.open) world.core.sqlite.close();
  // The world's first connection still holds the data folder's lock in this process.
  const opened = openDatabase({ file: world.core.database.file, lockAs: false });
  world.core.db = opened.db;
  world.core.sqlite = opened.sqlite;
}

describe('a read-only database file', () => {
  it('still shows everything, refuses every change with a clear message, and loses nothing', async () => {
    await world.engine.syncNow(world.integrationId);
    await offlineWork(47);
    const queued = outboxRows();
    const before = tableChecksum(world.core.sqlite);
    world.core.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    world.core.sqlite.close();
    const readOnly = makeReadOnly(world.core.database.file);
    try {
      reopen();
      // Where the file cannot be made unwritable (root without CAP_LINUX_IMMUTABLE), SQLite's own switch.
      if (!readOnly.byPermission) world.core.sqlite.pragma('query_only = ON');

      expect(await registry.invoke('jobs.list', { integrationId: world.integrationId, limit: 5 })).toMatchObject({
        ok: true,
        value: { total: 200 + run.model.jobCreates.length },
      });
      const jobId = one<{ id: number }>(world, 'SELECT id FROM ascora_jobs LIMIT 1').id;
      expect(await registry.invoke('jobs.addNote', { jobId, text: 'Moisture readings taken.' })).toMatchObject(STORAGE);
      expect(
        await registry.invoke('customers.create', {
          integrationId: world.integrationId,
          fields: { contactFirstName: 'Noor' },
        }),
      ).toMatchObject(STORAGE);
      expect(await registry.invoke('settings.update', { closeToTray: false })).toMatchObject(STORAGE);
      expect(await registry.invoke('sync.now', { integrationId: world.integrationId })).toMatchObject(STORAGE);
      expect(tableChecksum(world.core.sqlite)).toBe(before);
      expect(outboxRows()).toEqual(queued);
      expect(checkIntegrity(world.core.sqlite)).toEqual({ ok: true, problems: [] });
    } finally {
      world.core.sqlite.close();
      readOnly.restore();
    }
    reopen();
    await settleAndCheck(run, settleInProcess);
    expect(run.violations).toEqual([]);
  });
});
