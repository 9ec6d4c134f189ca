/** The browser host over the bench's mirror, serving the built renderer (case 10; own process). */
import path from 'node:path';
import { createCore } from '../../main/core/app';
import { startBrowserHost } from '../../main/core/browser-host/server';
import { silentLogger } from '../../main/core/log';
import { benchSecretStore } from '../lib/database-key';

export interface HostHandle {
  launchUrl: string;
  close(): Promise<void>;
}

/** The browser host over the bench's mirror (run in its own process). */
export async function startHost(dataDir: string, root: string): Promise<HostHandle> {
  const core = await createCore({
    dataDir,
    migrationsFolder: path.join(root, 'drizzle'),
    secrets: benchSecretStore(),
    logger: silentLogger,
    // Measured as the installed app runs: answers unchecked.
    checkAnswers: false,
  });
  const host = await startBrowserHost({
    registry: core.registry,
    events: core.events,
    staticDir: path.join(root, 'dist', 'renderer'),
    logger: silentLogger,
  });
  return {
    launchUrl: host.launchUrl,
    async close() {
      await host.close();
      await core.close();
    },
  };
}
