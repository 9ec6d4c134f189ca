/**
 * `npm run bench [-- --size small|full] [-- --keep] [-- --strict]`: the performance benchmark of
 * issue 6.
 *
 * Starts the seeded simulator in its own process, runs each case in a fresh process of its own
 * (bench/child.ts), prints a table (case, figure, target, pass/fail) and writes it as JSON under
 * bench/results/. Every figure that matters is a ratio measured in the same run, or a bound that
 * holds on a slow machine too. Full size: 100,000 jobs, 20,000 customers, 20,000 invoices; small:
 * a tenth of that, for a quick run. Cases 1 and 3-10 measure the app's own cost against a
 * simulator that answers at once; cases 2, 11 and 12 run under its Ascora-like network model
 * (docs/network-model.md), where what counts is the requests a design makes.
 *   --keep    keep the run's folder (mirror files) in the temp folder
 *   --strict  exit 1 when a target is missed (by default only when a case could not be measured)
 *   --only    the cases to run after the first sync, by number (`--only 13`, `--only 6,10,13`)
 *   --plain   the mirror unencrypted (as without a keychain), to compare with the default encrypted run
 */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import type { NetworkModel } from '../sim/network';
import { CHANGED_TODAY, type NetworkSyncResult } from './cases/network';
import type { PeerResult } from './cases/peers';
import { PUSH_CUSTOMERS, PUSH_JOBS, type PushCaseResult } from './cases/push';
import type { QueriesResult, StartupResult } from './cases/queries';
import type { LoopCaseResult } from './cases/loop';
import type { SyncCasesResult } from './cases/sync';
import { runScroll, SCROLL_TARGET, scrollFigure, scrollPasses, type ScrollResult } from './cases/ui';
import { describeCalls, targetOf, withinTarget, WINDOW_MS, type CallsResult } from './cases/calls';
import { bundleChild, ensureRendererBuilt, log, runTask, withHost } from './lib/children';
import { BENCH_KEY_ENV } from './lib/database-key';
import { REPO_ROOT, RESULTS_DIR } from './lib/paths';
import { startSimProcess, type SimProcess } from './lib/sim';
import { simControl, type SimEndpoint } from './lib/sim-control';
import {
  MOST_IN_FLIGHT,
  PAGE_SIZE,
  PULL_CONCURRENCY,
  SEED_PAGE_SIZE,
  SIM_SEED,
  SIZES,
  type BenchSize,
} from './lib/sizes';
import { int, median, ms, ratio, round, seconds } from './lib/stats';

/** Case 2: the share of the network's bound for any pull (the seed's time over the widest floor) to reach. */
const CASE_2_SHARE_OF_BOUND = 0.8;
const CASE_2_TARGET = `>= ${CASE_2_SHARE_OF_BOUND}x the bound for any pull`;

interface CaseRow {
  id: string;
  name: string;
  figure: string;
  target: string;
  /** null: not measured (an earlier step failed, or see `result`). */
  pass: boolean | null;
  /** Shown instead of pass/FAIL/n/a: NOT_IMPLEMENTED when the app has nothing to measure yet. */
  result?: string;
  values: Record<string, unknown>;
}

const { values: flags } = parseArgs({
  options: {
    size: { type: 'string', default: 'full' },
    keep: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    only: { type: 'string' },
    plain: { type: 'boolean', default: false },
  },
});
/**
 * One key for the whole run (bench/lib/database-key.ts): every case's process (they inherit this
 * environment) opens the same mirror. --plain runs without one.
 */
const databaseKey = flags.plain ? null : randomBytes(32).toString('hex');
if (databaseKey) process.env[BENCH_KEY_ENV] = databaseKey;
else delete process.env[BENCH_KEY_ENV];
/** Whether a case runs: all of them unless --only names some (the first sync always runs). */
const runs = (id: string) => !flags.only || flags.only.split(',').includes(id);
const size: BenchSize | undefined = SIZES[flags.size!];
if (!size) {
  console.error(`--size must be one of ${Object.keys(SIZES).join(', ')}, not "${flags.size}".`);
  process.exit(2);
}

function machine() {
  const sqlite = new Database(':memory:');
  const sqliteVersion = (sqlite.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  sqlite.close();
  let chromium: string | null;
  try {
    chromium = execSync(`${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'} --version`, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    chromium = null;
  }
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGB: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    sqlite: sqliteVersion,
    chromium,
  };
}

const MB = (bytes: number) => `${int(bytes / 1024 / 1024)} MB`;

/**
 * Cases 11, 2 and 12 under the Ascora-like network (docs/network-model.md, its defaults): the
 * first sync against the network floor (the same requests, page size and concurrency, no database)
 * taken before and after it, then the seed's design, then a scheduled run. Returns the model used.
 */
async function runNetworkCases(
  endpoint: SimEndpoint,
  runDir: string,
  add: (row: CaseRow) => void,
  failed: (id: string, name: string, target: string, error: unknown) => void,
): Promise<NetworkModel | null> {
  const model = await simControl<NetworkModel>(endpoint, 'setNetwork', {});
  const speed = model.bytesPerSecond === null ? 'no bandwidth cap' : `${round(model.bytesPerSecond / 1e6, 1)} MB/s`;
  const how = `${model.roundTripMs} ms round trip, ${model.serverMs} ms + ${model.perRecordMs} ms/record, ${speed}`;
  log(`Ascora-like network on: ${how}`);
  try {
    const floorArgs = { sim: endpoint, pageSize: PAGE_SIZE, concurrency: PULL_CONCURRENCY };
    log(`network floor: PageSize ${PAGE_SIZE}, ${PULL_CONCURRENCY} in flight, no database`);
    const floorBefore = await runTask<PeerResult>('network-floor', floorArgs);
    log('first sync under the network model, then a scheduled run');
    let net: NetworkSyncResult;
    try {
      net = await runTask<NetworkSyncResult>('sync-network', {
        sim: endpoint,
        dataDir: path.join(runDir, 'app-network'),
      });
    } catch (error) {
      failed('11', 'First sync, Ascora-like network', '<= 1.2x network floor', error);
      return model;
    }
    log('network floor again');
    const floorAfter = await runTask<PeerResult>('network-floor', floorArgs);
    const floorMs = (floorBefore.durationMs + floorAfter.durationMs) / 2;
    const floorRatio = net.first.durationMs / floorMs;
    add({
      id: '11',
      name: 'First sync, Ascora-like network',
      figure: `${int(net.first.recordsPerSecond)} rec/s in ${seconds(net.first.durationMs)}, ${int(net.first.requests)} requests; ${ratio(floorRatio)} the network floor (${seconds(floorBefore.durationMs)} before, ${seconds(floorAfter.durationMs)} after; PageSize ${PAGE_SIZE}, ${PULL_CONCURRENCY} in flight, ${int(floorBefore.requests)} requests)`,
      target: '<= 1.2x network floor',
      pass: floorRatio <= 1.2,
      values: { first: net.first, floorBefore, floorAfter, floorMs, floorRatio, model },
    });

    log("the seed's design under the network model: pages of 100, SELECT then INSERT/UPDATE per row, no transaction");
    try {
      const seed = await runTask<PeerResult>(
        'seed-design',
        { sim: endpoint, dir: runDir, pageSize: SEED_PAGE_SIZE },
        20 * 60_000,
      );
      const faster = seed.durationMs / net.first.durationMs;
      log(`network floor with ${MOST_IN_FLIGHT} in flight: what any pull could reach`);
      const wide = await runTask<PeerResult>('network-floor', { ...floorArgs, concurrency: MOST_IN_FLIGHT });
      // The old target (20x) asked more than the network allows: the per-record time and the bytes
      // are the same for any design (docs/network-model.md), so no pull can be more than the seed's
      // time over the widest network floor faster. The first sync is held to most of that bound.
      const bound = seed.durationMs / wide.durationMs;
      add({
        id: '2',
        name: "First sync vs the seed's design, Ascora-like network",
        figure: `first sync ${ratio(faster)} faster, of a bound of ${ratio(bound)} for any pull (${ratio(faster / bound)} of it; seed: ${int(seed.recordsPerSecond)} rec/s in ${seconds(seed.durationMs)}, ${int(seed.requests)} requests; the network floor ${ratio(seed.durationMs / floorMs)} faster)`,
        target: CASE_2_TARGET,
        pass: faster >= CASE_2_SHARE_OF_BOUND * bound,
        values: {
          bound,
          seed,
          faster,
          floorFaster: seed.durationMs / floorMs,
          wideFloor: wide,
          wideFloorFaster: seed.durationMs / wide.durationMs,
          model,
        },
      });
    } catch (error) {
      failed('2', "First sync vs the seed's design, Ascora-like network", CASE_2_TARGET, error);
    }

    const name = `Scheduled run, ${CHANGED_TODAY} jobs added today among ${int(size!.jobs)}`;
    const target = "<= 5% of a full pass's requests";
    const s = net.scheduled;
    if (!s) {
      add({
        id: '12',
        name,
        figure: `not measured: the engine has no scheduled (incremental) run to ask for on this branch (bench/cases/network.ts SCHEDULED_RUN); a full pass is ${int(net.first.requests)} requests, ${seconds(net.first.durationMs)}`,
        target,
        pass: null,
        result: 'NOT_IMPLEMENTED',
        values: { fullPass: net.first },
      });
    } else {
      const share = s.requests / net.first.requests;
      // At the small size a full pass is about 13 requests, so 5% of it is less than the one request
      // any run needs: the target is judged at the full size only (121 requests).
      const judged = size!.name === 'full';
      add({
        id: '12',
        name,
        figure: `${int(s.requests)} requests (${round(share * 100, 1)}% of a full pass's ${int(net.first.requests)}) in ${seconds(s.durationMs)} (full pass ${seconds(net.first.durationMs)}); ${s.found}/${s.added} added jobs in the mirror${judged ? '' : '; judged at the full size only'}`,
        target,
        pass: s.found !== s.added ? false : judged ? share <= 0.05 : null,
        values: { scheduled: s, fullPass: net.first, share },
      });
    }
  } catch (error) {
    failed('11', 'Network cases', '<= 1.2x network floor', error);
  } finally {
    await simControl(endpoint, 'setNetwork', null);
  }
  return model;
}

/**
 * Case 13 over a copy of the mirror (its clicks add a note, a status and a payment, which the push
 * case must not send): the calls and messages of four clicks in the real renderer.
 */
async function runCallsCases(
  dataDir: string,
  runDir: string,
  uiReady: boolean,
  add: (row: CaseRow) => void,
  failed: (id: string, name: string, target: string, error: unknown) => void,
): Promise<void> {
  const name = `Calls to the core per click, ${WINDOW_MS / 1000} s after it (Chromium, browser host)`;
  const target = '1 command + <= 2 queries';
  if (!uiReady) {
    add({ id: '13', name, figure: 'not run: the renderer could not be built', target, pass: null, values: {} });
    return;
  }
  log('calls per click: open a job, add a note, change its status, record a payment');
  try {
    const copy = path.join(runDir, 'app-calls');
    fs.cpSync(dataDir, copy, { recursive: true });
    const result = await runTask<CallsResult>('calls', { dataDir: copy });
    for (const action of result.actions)
      add({
        id: '13',
        name: `${name}: ${action.action}`,
        figure: describeCalls(action),
        target: targetOf(action.action).text,
        pass: withinTarget(action),
        values: { ...action },
      });
  } catch (error) {
    failed('13', name, target, error);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), `ra-bench-${size!.name}-`));
  const dataDir = path.join(runDir, 'app');
  fs.mkdirSync(dataDir, { recursive: true });
  const rows: CaseRow[] = [];
  const add = (row: CaseRow) => {
    rows.push(row);
    log(`${row.id} ${row.name}: ${row.figure} (target ${row.target}) ${resultOf(row)}`);
  };
  const failed = (id: string, name: string, target: string, error: unknown) =>
    add({
      id,
      name,
      figure: `error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      target,
      pass: false,
      values: {},
    });

  log(
    `size ${size!.name}: ${int(size!.jobs)} jobs, ${int(size!.customers)} customers, ${int(size!.invoices)} invoices; work in ${runDir}`,
  );
  let uiReady = true;
  try {
    ensureRendererBuilt();
  } catch (error) {
    uiReady = false;
    log(`the renderer could not be built: ${String(error)}`);
  }

  await bundleChild();
  log('starting the simulator');
  const sim: SimProcess = await startSimProcess(size!, SIM_SEED);
  const endpoint = { url: sim.url, apiKey: sim.apiKey };
  let network: NetworkModel | null = null;
  try {
    // The floor runs before and after the first sync, and their mean is the figure: a shared
    // machine's load drifts, and bracketing keeps the ratio fair.
    // Cases 1 and 3-10 measure the app's own cost: the simulator answers at once (no network model).
    log('floor: bare HTTP loop and prepared inserts');
    const floorBefore = await runTask<PeerResult>('floor', {
      sim: endpoint,
      dir: path.join(runDir, 'floor-before'),
      pageSize: PAGE_SIZE,
    });

    log('first sync, then nothing changed, then one job changed');
    const sync = await runTask<SyncCasesResult>('sync', { sim: endpoint, dataDir });
    const first = sync.first;

    log('floor again');
    const floorAfter = await runTask<PeerResult>('floor', {
      sim: endpoint,
      dir: path.join(runDir, 'floor-after'),
      pageSize: PAGE_SIZE,
    });
    const floorMs = (floorBefore.durationMs + floorAfter.durationMs) / 2;
    const floorRatio = first.durationMs / floorMs;
    add({
      id: '1',
      name: 'First sync (PageSize 1000)',
      figure: `${int(first.recordsPerSecond)} rec/s in ${seconds(first.durationMs)}; ${ratio(floorRatio)} the floor (${seconds(floorBefore.durationMs)} before, ${seconds(floorAfter.durationMs)} after)`,
      target: '<= 1.5x floor',
      pass: floorRatio <= 1.5,
      values: { first, floorBefore, floorAfter, floorMs, floorRatio },
    });

    const unchangedRatio = sync.unchanged.durationMs / first.durationMs;
    const unchangedRows = Object.values(sync.unchanged.recordRows).reduce((a, b) => a + b, 0);
    add({
      id: '3',
      name: 'Sync with nothing changed',
      figure: `${ratio(unchangedRatio)} first sync (${seconds(sync.unchanged.durationMs)}); ${unchangedRows} record rows written (total_changes +${sync.unchanged.totalChanges}: checkpoints, run log)`,
      target: '<= 0.5x, 0 rows',
      pass: unchangedRatio <= 0.5 && unchangedRows === 0,
      values: { ...sync.unchanged, ratio: unchangedRatio },
    });
    const changedRows = Object.values(sync.oneChanged.recordRows).reduce((a, b) => a + b, 0);
    add({
      id: '4',
      name: `One record changed among ${int(size!.jobs)}`,
      figure: `${changedRows} row written (${
        Object.entries(sync.oneChanged.recordRows)
          .filter(([, n]) => n > 0)
          .map(([t, n]) => `${t} ${n}`)
          .join(', ') || 'none'
      }) in ${seconds(sync.oneChanged.durationMs)}`,
      target: 'exactly 1 row',
      pass: changedRows === 1,
      values: { ...sync.oneChanged },
    });

    // Cases 6 and 7 read the mirror the first sync filled.
    const integrationId = sync.integrationId;
    if (runs('7')) {
      log('start-up: three fresh processes');
      try {
        const startups: StartupResult[] = [];
        for (let i = 0; i < 3; i++) startups.push(await runTask<StartupResult>('startup', { dataDir, integrationId }));
        const total = median(startups.map((s) => s.totalMs));
        const chosen = startups.find((s) => s.totalMs === total)!;
        add({
          id: '7',
          name: `Start-up, ${int(chosen.jobs)}-job mirror, to first query`,
          figure: `${ms(total, 0)} (open + migrate-check ${ms(chosen.openMs, 0)}, first page ${ms(chosen.firstQueryMs, 0)}; median of 3)`,
          target: '<= 300 ms',
          pass: total <= 300,
          values: { runs: startups, medianMs: total },
        });
      } catch (error) {
        failed('7', 'Start-up to first query', '<= 300 ms', error);
      }
    }

    if (runs('6')) {
      log('jobs list queries: core and browser host');
      try {
        const q = await runTask<QueriesResult>('queries', { dataDir, integrationId, rounds: 3 });
        const kinds = (s: QueriesResult['core']) =>
          Object.entries(s.byKind)
            .map(([k, v]) => `${k} ${round(v.p95, 1)}`)
            .join(', ');
        add({
          id: '6',
          name: `Jobs list page of 100 over ${int(q.jobs)}, core`,
          figure: `p50 ${ms(q.core.p50)}, p95 ${ms(q.core.p95)} (${q.core.samples} queries; p95 by kind: ${kinds(q.core)})`,
          target: 'p95 <= 10 ms',
          pass: q.core.p95 <= 10,
          values: { ...q.core, jobs: q.jobs },
        });
        add({
          id: '6',
          name: 'Jobs list page of 100, browser host HTTP',
          figure: `p50 ${ms(q.host.p50)}, p95 ${ms(q.host.p95)} (${q.host.samples} queries; p95 by kind: ${kinds(q.host)})`,
          target: 'p95 <= 30 ms',
          pass: q.host.p95 <= 30,
          values: { ...q.host, jobs: q.jobs },
        });
        if (q.encryption) {
          const { encrypted, plain } = q.encryption;
          const costP95 = encrypted.p95 / plain.p95;
          add({
            id: '6',
            name: 'What encryption costs: the same pages asked of two copies of the mirror in turn, one encrypted and one plain, core',
            figure: `p95 ${ms(encrypted.p95)} encrypted, ${ms(plain.p95)} plain: ${round(costP95, 2)}x (p50 ${ms(encrypted.p50)} and ${ms(plain.p50)}: ${round(encrypted.p50 / plain.p50, 2)}x; ${encrypted.samples} queries each)`,
            target: 'p95 <= 1.15x plain',
            pass: costP95 <= 1.15,
            values: { encrypted, plain, costP95 },
          });
        }
      } catch (error) {
        failed('6', 'Jobs list queries', 'p95 <= 10 ms core, <= 30 ms host', error);
      }
    }

    if (runs('8'))
      add({
        id: '8',
        name: "Peak RSS during the first sync (the core on the measured thread, with the writer thread's young generation)",
        figure: `${MB(first.peakRssBytes)} (before the sync ${MB(first.rssBeforeBytes)}; peak after ${Object.entries(
          first.peakRssAfterBytes,
        )
          .map(([e, b]) => `${e} ${MB(b)}`)
          .join(', ')}; at the highest sample: V8 heap ${MB(first.atSampledPeak.heapTotal)} of which new space ${MB(
          first.atSampledPeak.newSpace,
        )}, outside it ${MB(first.atSampledPeak.rss - first.atSampledPeak.heapTotal)})`,
        target: '<= 300 MB',
        pass: first.peakRssBytes <= 300 * 1024 * 1024,
        values: {
          peakRssBytes: first.peakRssBytes,
          rssBeforeBytes: first.rssBeforeBytes,
          sampledPeakRssBytes: first.sampledPeakRssBytes,
          atSampledPeak: first.atSampledPeak,
          peakRssAfterBytes: first.peakRssAfterBytes,
        },
      });
    // Main's loop with the core in its worker, as the app runs it; the in-process figure of the
    // sync case above (the core on the measured thread) is kept beside it for comparison.
    const inProcess = first.eventLoopDelayMs;
    if (runs('9')) {
      log('first sync again, the core in its worker thread, main thread measured');
      try {
        const loop = await runTask<LoopCaseResult>('loop', { sim: endpoint, dataDir: path.join(runDir, 'loop') });
        const eld = loop.eventLoopDelayMs;
        add({
          id: '9',
          name: 'Event-loop delay of main during the first sync (core in its worker)',
          figure: `p99 ${ms(eld.p99)}, max ${ms(eld.max)} (p50 ${ms(eld.p50)}, ${eld.samples} samples, sync ${seconds(loop.durationMs)}); core on main: p99 ${ms(inProcess.p99)}, max ${ms(inProcess.max)}`,
          target: 'p99 <= 30 ms, max <= 100 ms',
          pass: eld.p99 <= 30 && eld.max <= 100,
          values: { ...eld, durationMs: loop.durationMs, pulled: loop.pulled, coreOnMain: inProcess },
        });
        const list = loop.listDuringSyncMs;
        add({
          id: '9b',
          name: 'Jobs list page of 100 asked for during the first sync (core in its worker)',
          figure: `p50 ${ms(list.p50)}, p95 ${ms(list.p95)}, max ${ms(list.max)} (${list.queries} queries, one every 250 ms)`,
          target: 'p95 <= 50 ms',
          pass: list.queries > 0 && list.p95 <= 50,
          values: list,
        });
        add({
          id: '8b',
          name: "Peak RSS of the whole process (main, the core's writer thread and its reader threads) during the first sync",
          figure: `${MB(loop.peakRssBytes)} (sampled every 250 ms)`,
          target: '<= 300 MB',
          pass: loop.peakRssBytes <= 300 * 1024 * 1024,
          values: { peakRssBytes: loop.peakRssBytes },
        });
      } catch (error) {
        failed('9', 'Event-loop delay of main during the first sync', 'p99 <= 30 ms, max <= 100 ms', error);
      }
    }

    if (runs('10')) log('UI: Jobs in Chromium, scrolled from top to bottom');
    if (!runs('10')) {
      // not asked for (--only)
    } else if (!uiReady) {
      add({
        id: '10',
        name: 'Jobs UI scroll',
        figure: 'not run: the renderer could not be built',
        target: SCROLL_TARGET,
        pass: null,
        values: {},
      });
    } else {
      try {
        const limitMs = size!.name === 'full' ? 240_000 : 60_000;
        const scroll = await withHost<ScrollResult>(dataDir, (launchUrl) =>
          runScroll(launchUrl, { stepPx: 2000, limitMs }),
        );
        add({
          id: '10',
          name: `Jobs UI at ${int(scroll.totalRows)} rows`,
          figure: scrollFigure(scroll),
          target: SCROLL_TARGET,
          pass: scrollPasses(scroll),
          values: { ...scroll },
        });
      } catch (error) {
        failed('10', 'Jobs UI scroll', SCROLL_TARGET, error);
      }
    }

    if (runs('13')) await runCallsCases(dataDir, runDir, uiReady, add, failed);

    // Before the push case, which adds jobs and customers to the tenant.
    if (runs('11')) network = await runNetworkCases(endpoint, runDir, add, failed);

    if (runs('5')) {
      log(`push of ${PUSH_JOBS} offline jobs with ${PUSH_CUSTOMERS} new customers at 20 ms latency`);
      try {
        const push = await runTask<PushCaseResult>('push', { sim: endpoint, dataDir });
        const ok =
          push.oneByOne.pushed === PUSH_JOBS + PUSH_CUSTOMERS && push.engine.pushed === PUSH_JOBS + PUSH_CUSTOMERS;
        add({
          id: '5',
          name: `Push ${int(PUSH_JOBS)} offline jobs + ${PUSH_CUSTOMERS} customers, ${push.latencyMs} ms latency`,
          figure: `${ratio(push.ratio)} one by one (${seconds(push.engine.durationMs)} vs ${seconds(push.oneByOne.durationMs)}; sent ${push.engine.pushed}/${push.oneByOne.pushed})`,
          target: '<= 0.3x one by one',
          pass: ok && push.ratio <= 0.3,
          values: { ...push },
        });
      } catch (error) {
        failed('5', 'Push of offline jobs', '<= 0.3x one by one', error);
      }
    }
  } catch (error) {
    log(`stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    add({
      id: '-',
      name: 'bench',
      figure: `stopped: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      target: '-',
      pass: false,
      values: {},
    });
  } finally {
    await sim.close();
    if (!flags.keep) fs.rmSync(runDir, { recursive: true, force: true });
  }

  rows.sort((a, b) => (Number(a.id) || 99) - (Number(b.id) || 99));
  const totalMs = performance.now() - started;
  const info = machine();
  printTable(rows, info, totalMs);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(RESULTS_DIR, `${stamp}-${size!.name}${databaseKey ? '' : '-plain'}.json`);
  fs.writeFileSync(
    file,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        size: size,
        encryptedAtRest: databaseKey !== null,
        pageSize: PAGE_SIZE,
        pullConcurrency: PULL_CONCURRENCY,
        network,
        machine: info,
        durationMs: Math.round(totalMs),
        cases: rows,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nResults: ${path.relative(REPO_ROOT, file)}${flags.keep ? `; work kept in ${runDir}` : ''}`);
  const unmeasured = rows.some((r) => r.figure.startsWith('error:') || r.figure.startsWith('stopped:'));
  process.exitCode = unmeasured || (flags.strict && rows.some((r) => r.pass === false)) ? 1 : 0;
}

function resultOf(row: CaseRow): string {
  return row.result ?? (row.pass === null ? 'n/a' : row.pass ? 'pass' : 'FAIL');
}

function printTable(rows: CaseRow[], info: ReturnType<typeof machine>, totalMs: number): void {
  const header = ['case', 'figure', 'target', 'result'];
  const cells = rows.map((r) => [`${r.id}. ${r.name}`, r.figure, r.target, resultOf(r)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  console.log('');
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
  console.log(
    `\nMachine: ${info.nproc} cores (${info.cpu}), ${info.memoryGB} GB, Node ${info.node}, SQLite ${info.sqlite}, ${info.platform}${info.chromium ? `, ${info.chromium}` : ''}. Size ${size!.name}; whole run ${seconds(totalMs)}.`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
