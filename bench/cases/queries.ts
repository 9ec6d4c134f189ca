/**
 * Cases 6 and 7 over the mirror the first sync filled: start-up (open, migrate-check, first query
 * answered) in a fresh process, and the Jobs list's queries, each a page of 100, timed in the core
 * (the registry, as both transports call it) and through the browser host's HTTP transport.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../../main/core/app';
import { startBrowserHost } from '../../main/core/browser-host/server';
import { silentLogger } from '../../main/core/log';
import { openConnection } from '../../main/core/db/connection';
import { DATABASE_FILE } from '../../main/core/paths';
import { benchDatabaseKey, benchSecretStore } from '../lib/database-key';
import type { Page } from '../../shared/domain';
import { percentile } from '../lib/stats';

export interface StartupResult {
  /** createCore: open the file, PRAGMAs, check for pending migrations, build the services. */
  openMs: number;
  /** The first jobs.list page (with its total) answered after that. */
  firstQueryMs: number;
  totalMs: number;
  jobs: number;
}

/** Case 7: run in a fresh process, its modules already loaded; the clock starts at createCore. */
export async function runStartup(
  dataDir: string,
  integrationId: number,
  migrationsFolder: string,
): Promise<StartupResult> {
  const t0 = performance.now();
  const core = await createCore({
    dataDir,
    migrationsFolder,
    secrets: benchSecretStore(),
    logger: silentLogger,
    // Measured as the installed app runs: answers unchecked.
    checkAnswers: false,
  });
  const t1 = performance.now();
  const first = await core.registry.invoke('jobs.list', { integrationId });
  const t2 = performance.now();
  if (!first.ok) throw new Error(`first query failed: ${first.error.message}`);
  await core.close();
  return { openMs: t1 - t0, firstQueryMs: t2 - t1, totalMs: t2 - t0, jobs: (first.value as Page<unknown>).total };
}

type ListInput = Record<string, unknown> & { integrationId: number };

interface Query {
  kind: string;
  input: ListInput;
}

export interface LatencySummary {
  samples: number;
  p50: number;
  p95: number;
  max: number;
  byKind: Record<string, { samples: number; p50: number; p95: number; max: number }>;
}

export interface QueriesResult {
  jobs: number;
  queries: number;
  core: LatencySummary;
  host: LatencySummary;
  /**
   * What encryption costs (an encrypted run only): the same queries, each asked of the encrypted
   * mirror and of a plain copy of it in turn, so the machine's load falls on both alike.
   */
  encryption?: { encrypted: LatencySummary; plain: LatencySummary };
}

const summarise = (timings: { kind: string; ms: number }[]): LatencySummary => {
  const all = timings.map((t) => t.ms);
  const byKind: LatencySummary['byKind'] = {};
  for (const kind of new Set(timings.map((t) => t.kind))) {
    const mine = timings.filter((t) => t.kind === kind).map((t) => t.ms);
    byKind[kind] = {
      samples: mine.length,
      p50: percentile(mine, 50),
      p95: percentile(mine, 95),
      max: Math.max(...mine),
    };
  }
  return { samples: all.length, p50: percentile(all, 50), p95: percentile(all, 95), max: Math.max(...all), byKind };
};

async function list(core: Core, input: ListInput): Promise<Page<{ id: number }>> {
  const result = await core.registry.invoke('jobs.list', input);
  if (!result.ok) throw new Error(`jobs.list failed: ${result.error.message}`);
  return result.value as Page<{ id: number }>;
}

/**
 * The queries a person makes on the Jobs screen: the default list (newest first) scrolled page by
 * page, a status filter per status, and searches for customer names and suburbs. Cursors are
 * collected once, so both transports ask for exactly the same pages.
 */
async function buildQueries(core: Core, integrationId: number): Promise<Query[]> {
  const queries: Query[] = [];
  const follow = async (kind: string, base: ListInput, pages: number) => {
    let cursor: string | null = null;
    for (let i = 0; i < pages; i++) {
      const input: ListInput = { ...base, cursor, limit: 100 };
      queries.push({ kind, input });
      const page = await list(core, input);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
  };
  await follow('sort by created date', { integrationId, sort: 'dateCreated', direction: 'desc' }, 40);
  const statuses = (await core.registry.invoke('jobs.statuses', { integrationId })) as { ok: true; value: string[] };
  for (const statusText of statuses.value) await follow('filter by status', { integrationId, statusText }, 3);
  const sqlite = core.ctx.sqlite;
  const pick = (sql: string) => (sqlite.prepare(sql).all(integrationId) as { v: string }[]).map((r) => r.v);
  const customers = pick(
    'SELECT v FROM (SELECT site_customer_name AS v, COUNT(*) AS n FROM ascora_jobs WHERE integration_id = ? AND site_customer_name IS NOT NULL GROUP BY v) ORDER BY n DESC, v LIMIT 20',
  );
  const suburbs = pick(
    'SELECT v FROM (SELECT suburb AS v, COUNT(*) AS n FROM ascora_jobs WHERE integration_id = ? AND suburb IS NOT NULL GROUP BY v) ORDER BY n DESC, v LIMIT 20',
  );
  for (const name of customers) await follow('search by customer', { integrationId, search: name }, 2);
  for (const suburb of suburbs) await follow('search by suburb', { integrationId, search: suburb }, 2);
  return queries;
}

function post(agent: http.Agent, port: number, token: string, channel: string, body: unknown): Promise<unknown> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/invoke/${channel}`,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(data),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(error);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** Case 6. */
export async function runQueries(
  dataDir: string,
  integrationId: number,
  rounds: number,
  migrationsFolder: string,
): Promise<QueriesResult> {
  const core = await createCore({
    dataDir,
    migrationsFolder,
    secrets: benchSecretStore(),
    logger: silentLogger,
    // Measured as the installed app runs: answers unchecked.
    checkAnswers: false,
  });
  const jobs = (await list(core, { integrationId })).total;
  // Discovering the cursors is the warm-up.
  const queries = await buildQueries(core, integrationId);

  const coreTimings: { kind: string; ms: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const q of queries) {
      const t0 = performance.now();
      await list(core, q.input);
      coreTimings.push({ kind: q.kind, ms: performance.now() - t0 });
    }
  }

  const host = await startBrowserHost({ registry: core.registry, events: core.events, logger: silentLogger });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const hostTimings: { kind: string; ms: number }[] = [];
  for (const q of queries.slice(0, 10)) await post(agent, host.port, host.token, 'jobs.list', q.input);
  for (let round = 0; round < rounds; round++) {
    for (const q of queries) {
      const t0 = performance.now();
      const answer = (await post(agent, host.port, host.token, 'jobs.list', q.input)) as { ok: boolean };
      hostTimings.push({ kind: q.kind, ms: performance.now() - t0 });
      if (!answer.ok) throw new Error('jobs.list over HTTP failed');
    }
  }
  agent.destroy();
  await host.close();

  const key = benchDatabaseKey();
  const encryption = key ? await encryptedAgainstPlain(core, key, queries, rounds, migrationsFolder) : undefined;
  await core.close();
  return { jobs, queries: queries.length, core: summarise(coreTimings), host: summarise(hostTimings), encryption };
}

/**
 * Two copies of the mirror laid out alike (VACUUM INTO writes each page afresh, keeping the key):
 * one left encrypted, one decrypted, so only encryption differs between them.
 */
function twinCopiesOf(core: Core, key: Buffer): { encryptedDir: string; plainDir: string } {
  const copy = (label: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ra-bench-${label}-copy-`));
    core.ctx.sqlite.prepare('VACUUM INTO ?').run(path.join(dir, DATABASE_FILE));
    return dir;
  };
  const encryptedDir = copy('encrypted');
  const plainDir = copy('plain');
  const plain = openConnection(path.join(plainDir, DATABASE_FILE), { key, fileMustExist: true });
  try {
    plain.pragma('journal_mode = DELETE');
    // SQLite3 Multiple Ciphers: an empty key decrypts the file in place.
    plain.pragma("rekey = ''");
  } finally {
    plain.close();
  }
  return { encryptedDir, plainDir };
}

async function encryptedAgainstPlain(
  liveCore: Core,
  key: Buffer,
  queries: Query[],
  rounds: number,
  migrationsFolder: string,
): Promise<{ encrypted: LatencySummary; plain: LatencySummary }> {
  const { encryptedDir, plainDir } = twinCopiesOf(liveCore, key);
  const open = (dataDir: string, plain: boolean) =>
    createCore({
      dataDir,
      migrationsFolder,
      secrets: benchSecretStore({ plain }),
      logger: silentLogger,
      checkAnswers: false,
    });
  const cores = { encrypted: await open(encryptedDir, false), plain: await open(plainDir, true) };
  try {
    if (cores.plain.ctx.databaseKey?.() || !cores.encrypted.ctx.databaseKey?.())
      throw new Error('the twin copies did not open as one encrypted and one plain');
    // The same warm-up for both: each page once.
    for (const q of queries) for (const core of Object.values(cores)) await list(core, q.input);
    const timings = { encrypted: [] as { kind: string; ms: number }[], plain: [] as { kind: string; ms: number }[] };
    for (let round = 0; round < rounds; round++) {
      for (const q of queries) {
        // Which goes first alternates too, so neither always finds the other's pages in the OS cache.
        const order = round % 2 === 0 ? (['encrypted', 'plain'] as const) : (['plain', 'encrypted'] as const);
        for (const which of order) {
          const t0 = performance.now();
          await list(cores[which], q.input);
          timings[which].push({ kind: q.kind, ms: performance.now() - t0 });
        }
      }
    }
    return { encrypted: summarise(timings.encrypted), plain: summarise(timings.plain) };
  } finally {
    for (const core of Object.values(cores)) await core.close();
    for (const dir of [encryptedDir, plainDir]) fs.rmSync(dir, { recursive: true, force: true });
  }
}
