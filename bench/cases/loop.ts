/**
 * Case 9: the event-loop delay of the thread that answers the UI during a first sync, with the
 * core where the app runs it: in its worker thread, started through the same host module the
 * Electron shell and the browser host use (main/core/worker/core-worker.ts, the bundled worker). The
 * sync is started over the registry, as the window's "Sync now" is, into an empty mirror of its
 * own, with the same 1,000-record pages whose transactions blocked main when the core ran there.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { SyncRunSummary } from '../../shared/domain';
import { silentLogger } from '../../main/core/log';
import { benchSecretStore } from '../lib/database-key';
import { startCoreWorker } from '../../main/core/worker/core-worker';
import type { SimEndpoint } from '../lib/sim-control';
import { PAGE_SIZE } from '../lib/sizes';

export interface LoopCaseResult {
  durationMs: number;
  pulled: number;
  /** Main thread's event-loop delay while the worker synced. */
  eventLoopDelayMs: { p50: number; p99: number; max: number; mean: number; samples: number };
  /** A Jobs list page of 100 asked for through the worker every 250 ms during the sync, as the window would. */
  listDuringSyncMs: { p50: number; p95: number; max: number; queries: number };
  /** The whole process (main, the core's writer thread and its reader threads share it), sampled every 250 ms during the sync. */
  peakRssBytes: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

export async function runLoopCase(
  sim: SimEndpoint,
  dataDir: string,
  migrationsFolder: string,
  workerFile: string,
  readerFile: string,
): Promise<LoopCaseResult> {
  const host = await startCoreWorker({
    dataDir,
    migrationsFolder,
    workerFile,
    readerFile,
    secrets: benchSecretStore(),
    // Measured as the installed app runs: answers unchecked.
    checkAnswers: false,
    logger: silentLogger,
    syncPageSize: PAGE_SIZE,
  });
  try {
    const connected = await host.registry.invoke('integration.connect', {
      apiKey: sim.apiKey,
      baseUrl: sim.url,
      displayName: 'Bench office',
    });
    if (!connected.ok) throw new Error(`connect: ${connected.error.message}`);
    const integrationId = (connected.value as { id: number }).id;

    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const t0 = performance.now();
    const syncing = host.registry.invoke('sync.now', { integrationId });
    // Meanwhile, the window keeps asking for the Jobs list (newest first, as it opens).
    let done = false;
    const listTimes: number[] = [];
    let peakRssBytes = process.memoryUsage().rss;
    const lists = (async () => {
      while (!done) {
        const asked = performance.now();
        const page = await host.registry.invoke('jobs.list', { integrationId, limit: 100 });
        if (!page.ok) throw new Error(`jobs.list during the sync: ${page.error.message}`);
        listTimes.push(performance.now() - asked);
        peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    const result = await syncing;
    const durationMs = performance.now() - t0;
    done = true;
    await lists;
    delay.disable();
    listTimes.sort((a, b) => a - b);
    if (!result.ok) throw new Error(`sync: ${result.error.message}`);
    const summary = result.value as SyncRunSummary;
    if (summary.status !== 'success') throw new Error(`first sync: ${summary.status}: ${summary.message}`);
    const nsToMs = (ns: number) => ns / 1e6;
    return {
      durationMs,
      pulled: summary.pulled,
      eventLoopDelayMs: {
        p50: nsToMs(delay.percentile(50)),
        p99: nsToMs(delay.percentile(99)),
        max: nsToMs(delay.max),
        mean: nsToMs(delay.mean),
        samples: delay.count,
      },
      listDuringSyncMs: {
        p50: percentile(listTimes, 50),
        p95: percentile(listTimes, 95),
        max: listTimes[listTimes.length - 1] ?? 0,
        queries: listTimes.length,
      },
      peakRssBytes,
    };
  } finally {
    await host.close();
  }
}
