/**
 * `npm run start:web`: the browser host. The same core and UI as the desktop app, served on
 * 127.0.0.1 with a per-launch token, for machines where Electron cannot run.
 *   --port <n>        port to listen on (default: a free one)
 *   --data-dir <dir>  the data folder (default: the desktop app's user data folder)
 *   --demo            open the demo workspace at start when nothing is connected
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppError } from '../../../shared/errors';
import { createAppLogger } from '../log-file';
import { defaultDataDir } from '../paths';
import type { CoreHandle } from '../app';
import { startCoreOrRecovery } from '../recovery/host';
import { createKeytarStore } from '../secrets/keytar-store';
import { startCoreWorker } from '../worker/core-worker';
import { startBrowserHost } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    demo: { type: 'boolean', default: false },
  },
});

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535, not "${values.port}".`);
  process.exit(2);
}

// The log file in the data folder (logs/restoreassist.log), as the desktop app writes it.
const logger = createAppLogger(dataDir);
let core: CoreHandle;
try {
  const secrets = createKeytarStore();
  // The core runs in a worker thread (worker/core-worker.ts): this thread only serves HTTP and
  // events. A local copy that will not open brings the recovery screen instead (main/core/recovery).
  core = await startCoreOrRecovery({
    dataDir,
    secrets,
    logger,
    appName: 'browser host',
    startCore: () => startCoreWorker({ dataDir, secrets, logger, appName: 'browser host' }),
  });
} catch (error) {
  logger.error('browser host could not start', { error: error instanceof Error ? error.message : String(error) });
  // Another copy on this folder, or a database that cannot be opened: say it plainly, no stack.
  if (!(error instanceof AppError)) throw error;
  console.error(error.message);
  process.exit(1);
}
if (values.demo) await core.openDemoIfNothingConnected();
core.start();

const host = await startBrowserHost({
  registry: core.registry,
  events: core.events,
  staticDir: path.join(repoRoot, 'dist', 'renderer'),
  port,
  logger,
});
logger.info('browser host started', { dataDir, port: host.port });
console.log(`Data folder: ${dataDir}`);
console.log(`RestoreAssist Desk is running at ${host.launchUrl}`);

let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  await host.close();
  await core.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
