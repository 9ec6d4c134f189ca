/**
 * One benchmark task in a fresh process (forked by bench/run.ts), so that its memory, its event
 * loop and its caches are its own. run.ts bundles this file with esbuild, as the app's main process
 * is bundled, and runs it on plain Node: no TypeScript loader in the measured process.
 * The answer goes back over the IPC channel.
 *   child.ts <task> <json arguments>
 */
import path from 'node:path';
import type { SimEndpoint } from './lib/sim-control';

export interface TaskArgs {
  /** The repository: drizzle/ and dist/renderer/ are found from it (not from this file's place). */
  root: string;
  sim: SimEndpoint;
  dir: string;
  dataDir: string;
  pageSize: number;
  /** Requests in flight (the network floor). */
  concurrency: number;
  integrationId: number;
  rounds: number;
  /** The core's worker, bundled beside this file (run.ts), for the cases that start the app's host. */
  workerFile: string;
  /** Its reader threads' script, bundled the same way. */
  readerFile: string;
}

export type ChildMessage =
  { type: 'result'; value: unknown } | { type: 'ready'; value: unknown } | { type: 'error'; message: string };

/** Over IPC when forked by run.ts; as JSON on stdout when run by hand (for profiling). */
const send = (message: ChildMessage) =>
  new Promise<void>((resolve, reject) => {
    if (!process.send) {
      process.stdout.write(`${JSON.stringify(message, null, 2)}\n`, () => resolve());
      return;
    }
    process.send(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });

async function main(): Promise<void> {
  const [task, raw] = process.argv.slice(2);
  const args = JSON.parse(raw ?? '{}') as TaskArgs;
  const migrations = path.join(args.root, 'drizzle');
  // Each task loads only its own modules, so none weighs on another's memory figure.
  switch (task) {
    case 'floor':
      return send({
        type: 'result',
        value: await (await import('./cases/peers')).runFloor(args.sim, args.dir, args.pageSize, migrations),
      });
    case 'network-floor':
      return send({
        type: 'result',
        value: await (await import('./cases/peers')).runNetworkFloor(args.sim, args.pageSize, args.concurrency),
      });
    case 'sync-network':
      return send({
        type: 'result',
        value: await (await import('./cases/network')).runNetworkSyncCases(args.sim, args.dataDir, migrations),
      });
    case 'seed-design':
      return send({
        type: 'result',
        value: await (await import('./cases/peers')).runSeedDesign(args.sim, args.dir, args.pageSize, migrations),
      });
    case 'sync':
      return send({
        type: 'result',
        value: await (await import('./cases/sync')).runSyncCases(args.sim, args.dataDir, migrations),
      });
    case 'startup':
      return send({
        type: 'result',
        value: await (await import('./cases/queries')).runStartup(args.dataDir, args.integrationId, migrations),
      });
    case 'queries':
      return send({
        type: 'result',
        value: await (
          await import('./cases/queries')
        ).runQueries(args.dataDir, args.integrationId, args.rounds, migrations),
      });
    case 'loop':
      return send({
        type: 'result',
        value: await (
          await import('./cases/loop')
        ).runLoopCase(args.sim, args.dataDir, migrations, args.workerFile, args.readerFile),
      });
    case 'push':
      return send({
        type: 'result',
        value: await (await import('./cases/push')).runPushCase(args.sim, args.dataDir, migrations),
      });
    case 'calls':
      return send({
        type: 'result',
        value: await (await import('./cases/calls')).runCallsCase(args.dataDir, args.root),
      });
    case 'host': {
      const host = await (await import('./cases/host')).startHost(args.dataDir, args.root);
      await new Promise<void>((resolve) => {
        process.once('message', () => resolve());
        void send({ type: 'ready', value: { launchUrl: host.launchUrl } });
      });
      await host.close();
      return;
    }
    default:
      throw new Error(`unknown bench task ${task}`);
  }
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    await send({
      type: 'error',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }).catch(() => undefined);
    process.exit(1);
  },
);
