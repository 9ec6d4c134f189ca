/**
 * design.md rule 7: a sync killed at any moment resumes cleanly. The sync runs in a child process
 * that is killed with SIGKILL after a random delay, many times over; then a clean run settles it.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIntegrity, openDatabase } from '../../main/core/db/open';
import { createOfflineCustomerAndJob, createSyncWorld, type SyncWorld } from '../support/sync';

let world: SyncWorld;
let made: ReturnType<typeof createOfflineCustomerAndJob>[];
beforeAll(async () => {
  world = await createSyncWorld({ jobs: 400, customers: 80, invoices: 60, latencyMs: 3 });
  made = Array.from({ length: 6 }, (_, i) => createOfflineCustomerAndJob(world, { firstName: `Crash${i}` }));
  world.core.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  world.core.sqlite.close();
});
afterAll(() => world.sim.close());

function runChild(killAfterMs: number | null): Promise<'killed' | 'settled'> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'tests/sync/fixtures/sync-child.ts', world.core.database.file, world.sim.url, world.sim.apiKey, String(world.integrationId)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0 && out.includes('SETTLED')) resolve('settled');
      else reject(new Error(`sync child failed (${code}): ${out}`));
    });
  });
}

describe('a sync killed at random moments', () => {
  it('loses nothing, duplicates nothing and leaves a sound database', async () => {
    // Random kill points across start-up, push and pull (tsx start-up takes ~1 s of them).
    let kills = 0;
    for (let i = 0; i < 8; i++) {
      if ((await runChild(900 + Math.floor(Math.random() * 1500))) === 'killed') kills++;
    }
    expect(await runChild(null)).toBe('settled');

    const state = world.sim.control.state();
    for (const m of made) {
      expect(state.jobs.filter((j) => j.jobDescription.endsWith(m.marker))).toHaveLength(1);
      expect(state.customers.filter((c) => c.emailAddress === m.customer.emailAddress)).toHaveLength(1);
    }
    const opened = openDatabase({ file: world.core.database.file });
    try {
      expect(checkIntegrity(opened.sqlite)).toEqual({ ok: true, problems: [] });
      const count = (sql: string) => (opened.sqlite.prepare(sql).get() as { n: number }).n;
      expect(count("SELECT COUNT(*) AS n FROM outbox WHERE state <> 'done'")).toBe(0);
      expect(count('SELECT COUNT(*) AS n FROM ascora_jobs')).toBe(state.jobs.length);
      expect(count('SELECT COUNT(*) AS n FROM ascora_customers')).toBe(state.customers.length);
    } finally {
      opened.close();
    }
    expect(kills).toBeGreaterThan(0);
  });
});
