/**
 * Cases 1, 3, 4, 8 and 9: the engine's first sync of the whole set into an empty mirror (with the
 * process's peak RSS and its event-loop delay while it runs), then a sync with nothing changed,
 * then a sync after one job changed in the simulator. Runs in a fresh process of its own.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import type { SyncRunSummary } from '../../shared/domain';
import { simControl, type SimEndpoint } from '../lib/sim-control';
import { PAGE_SIZE } from '../lib/sizes';
import { countWrites, openWorld } from '../lib/world';

export interface SyncRun {
  durationMs: number;
  summary: SyncRunSummary;
  /** Rows inserted, updated or deleted in jobs, customers and invoices (TEMP triggers). */
  recordRows: Record<string, number>;
  /** SQLite total_changes() over the run: every row, bookkeeping and FTS shadow rows included. */
  totalChanges: number;
}

export interface SyncCasesResult {
  integrationId: number;
  first: {
    durationMs: number;
    records: number;
    recordsPerSecond: number;
    summary: SyncRunSummary;
    /** process.resourceUsage().maxRSS after the run, bytes: the process's peak so far. */
    peakRssBytes: number;
    rssBeforeBytes: number;
    /** Highest RSS sampled every 20 ms while the run was on (samples wait for the loop). */
    sampledPeakRssBytes: number;
    /** Where the memory was at that sample: V8's heap (its young and old spaces) and what lies outside it. */
    atSampledPeak: MemoryBreakdown;
    /** The process's peak RSS when each entity's pull finished (where the peak was reached). */
    peakRssAfterBytes: Record<string, number>;
    eventLoopDelayMs: { p50: number; p99: number; max: number; mean: number; samples: number };
  };
  unchanged: SyncRun;
  oneChanged: SyncRun & { changedJobId: string };
}

export interface MemoryBreakdown {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  newSpace: number;
  oldSpace: number;
  /** Buffers and other memory V8 is told about (better-sqlite3 tells it nothing: SQLite is in rss only). */
  external: number;
  arrayBuffers: number;
}

function memoryNow(): MemoryBreakdown {
  const m = process.memoryUsage();
  const space = (name: string) => v8.getHeapSpaceStatistics().find((s) => s.space_name === name)?.space_size ?? 0;
  return {
    rss: m.rss,
    heapTotal: m.heapTotal,
    heapUsed: m.heapUsed,
    newSpace: space('new_space'),
    oldSpace: space('old_space'),
    external: m.external,
    arrayBuffers: m.arrayBuffers,
  };
}

/** BENCH_MEMORY_TRACE=1: the breakdown once a second on stderr, to see where a peak grows. */
const TRACE = process.env.BENCH_MEMORY_TRACE === '1';
const inMB = (memory: MemoryBreakdown) =>
  Object.entries(memory)
    .map(([name, bytes]) => `${name} ${Math.round(bytes / 1024 / 1024)}`)
    .join(', ');

export async function runSyncCases(
  sim: SimEndpoint,
  dataDir: string,
  migrationsFolder: string,
): Promise<SyncCasesResult> {
  const world = openWorld(dataDir, sim, PAGE_SIZE, migrationsFolder);
  const { engine, integrationId } = world;

  // ---- first sync (cases 1, 8, 9) ----
  const rssBefore = process.memoryUsage.rss();
  let sampledPeak = rssBefore;
  let atSampledPeak = memoryNow();
  let traced = 0;
  const sampler = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > sampledPeak) {
      sampledPeak = rss;
      atSampledPeak = memoryNow();
    }
    if (TRACE && performance.now() - traced >= 1000) {
      traced = performance.now();
      process.stderr.write(`[memory] ${inMB(memoryNow())}\n`);
    }
  }, 20);
  // Progress comes after each page is written: the peak so far, per entity, says where it grew.
  const peakRssAfter: Record<string, number> = {};
  const unsubscribe = world.ctx.events.subscribe((event) => {
    if (event.name === 'sync.progress' && event.payload.entity)
      peakRssAfter[event.payload.entity] = process.resourceUsage().maxRSS * 1024;
  });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const t0 = performance.now();
  const summary = await engine.syncNow(integrationId);
  const durationMs = performance.now() - t0;
  delay.disable();
  clearInterval(sampler);
  unsubscribe();
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  if (summary.status !== 'success') throw new Error(`first sync: ${summary.status}: ${summary.message}`);
  const nsToMs = (ns: number) => ns / 1e6;

  const counter = countWrites(world.ctx.sqlite);
  const timedRun = async (): Promise<SyncRun> => {
    counter.reset();
    const started = performance.now();
    const run = await engine.syncNow(integrationId);
    const ms = performance.now() - started;
    if (run.status !== 'success') throw new Error(`sync: ${run.status}: ${run.message}`);
    return { durationMs: ms, summary: run, recordRows: counter.recordRows(), totalChanges: counter.totalChanges() };
  };

  // ---- nothing changed (case 3) ----
  const unchanged = await timedRun();

  // ---- one job changed among all of them (case 4) ----
  const count = (
    world.ctx.sqlite.prepare('SELECT COUNT(*) AS n FROM ascora_jobs WHERE integration_id = ?').get(integrationId) as {
      n: number;
    }
  ).n;
  const { ascora_job_id: changedJobId } = world.ctx.sqlite
    .prepare('SELECT ascora_job_id FROM ascora_jobs WHERE integration_id = ? ORDER BY id LIMIT 1 OFFSET ?')
    .get(integrationId, Math.floor(count / 2)) as { ascora_job_id: string };
  await simControl(sim, 'editJob', changedJobId, {
    jobName: `Renamed by another Ascora user at ${new Date().toISOString()}`,
  });
  const oneChanged = { ...(await timedRun()), changedJobId };

  world.close();
  return {
    integrationId,
    first: {
      durationMs,
      records: summary.pulled,
      recordsPerSecond: summary.pulled / (durationMs / 1000),
      summary,
      peakRssBytes,
      rssBeforeBytes: rssBefore,
      sampledPeakRssBytes: sampledPeak,
      atSampledPeak,
      peakRssAfterBytes: peakRssAfter,
      eventLoopDelayMs: {
        p50: nsToMs(delay.percentile(50)),
        p99: nsToMs(delay.percentile(99)),
        max: nsToMs(delay.max),
        mean: nsToMs(delay.mean),
        samples: delay.count,
      },
    },
    unchanged,
    oneChanged,
  };
}
