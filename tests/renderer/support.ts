/**
 * The renderer's screens over the real core, in-process: a real SQLite file, the real services and
 * the demo workspace's real simulator on 127.0.0.1. The only stand-in is the transport (the
 * results go through JSON as they do over IPC or HTTP), which is not what these tests are about.
 */
import { cleanup } from '@testing-library/react';
import fs from 'node:fs';
import { createCore, type Core, type CoreOptions } from '../../main/core/app';
import { withUpdateChannels } from '../../main/core/updates/channels';
import type { UpdateController } from '../../main/core/updates/controller';
import { silentLogger } from '../../main/core/log';
import { createMemorySecretStore } from '../../main/core/secrets/memory-store';
import { call, setClient } from '../../renderer/src/api';
import { coreKey, queryClient } from '../../renderer/src/cache';
import { useLive } from '../../renderer/src/stores/live';
import { createClient } from '../../shared/client';
import type { Transport } from '../../shared/transport';
import { makeTempDir } from '../support/db';
import { startSimulator, type RunningSimulator } from '../../sim/server';

export interface RendererWorld {
  core: Core;
  integrationId: number;
  /** With `ownAscora`: the simulator the core is connected to, its faults and control in reach. */
  ascora: RunningSimulator | null;
  /** Every channel the window called, in order (a test counts a click's calls from here). */
  calls: string[];
  close(): Promise<void>;
}

/**
 * A core with the demo workspace open (the demo needs no keychain) and synced once; or, with
 * `ownAscora`, connected (key in a memory keychain) to a simulator of the test's own, whose faults
 * drive Ascora's refusals.
 */
export async function startRendererWorld(
  options: {
    sync?: boolean;
    core?: Partial<CoreOptions>;
    ownAscora?: boolean;
    /**
     * As the desktop app: the update channels answered by this updater (main/shell/updates.ts),
     * every other by the core. Without it, the core answers them as the browser host does.
     */
    updates?: (core: Core) => UpdateController;
  } = {},
): Promise<RendererWorld> {
  const dir = makeTempDir();
  const core = await createCore({
    dataDir: dir,
    secrets: createMemorySecretStore(),
    demo: { jobs: 60 },
    ...options.core,
  });
  const calls: string[] = [];
  const registry = options.updates
    ? withUpdateChannels(core.registry, options.updates(core), { logger: silentLogger })
    : core.registry;
  const transport: Transport = {
    invoke: async (channel, input) => {
      calls.push(channel);
      return JSON.parse(JSON.stringify(await registry.invoke(channel, input)));
    },
    subscribe: (listener) => core.events.subscribe((event) => listener(JSON.parse(JSON.stringify(event)))),
  };
  setClient(createClient(transport));
  // A new core: nothing an earlier test's core answered is kept.
  queryClient.clear();
  const ascora = options.ownAscora ? await startSimulator({ port: 0, seed: 7, jobs: 60 }) : null;
  const opened = ascora
    ? await core.registry.invoke('integration.connect', {
        apiKey: ascora.apiKey,
        baseUrl: ascora.url,
        displayName: 'Test office',
      })
    : await core.registry.invoke('integration.openDemo', {});
  if (!opened.ok) throw new Error(`${opened.error.code}: ${opened.error.message}`);
  const integrationId = (opened.value as { id: number }).id;
  if (options.sync !== false) {
    const synced = await core.registry.invoke('sync.now', { integrationId });
    if (!synced.ok) throw new Error(synced.error.message);
  }
  const disconnect = useLive.getState().connect();
  await refreshConnections();
  return {
    core,
    integrationId,
    ascora,
    calls,
    async close() {
      cleanup();
      disconnect();
      queryClient.clear();
      await core.close();
      await ascora?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Asks the core for every connection's status now (a test that changed the mirror behind the window). */
export async function refreshConnections(): Promise<void> {
  await queryClient.fetchQuery({
    queryKey: coreKey('integration.list', {}),
    queryFn: () => call('integration.list', {}),
    staleTime: 0,
  });
}

/** Types a day (`YYYY-MM-DD`) into a DayField (renderer/src/components/Field.tsx), segment by segment as a person would. */
export async function typeDay(
  user: { click(element: Element): Promise<void>; keyboard(text: string): Promise<void> },
  field: HTMLElement,
  day: string,
): Promise<void> {
  const [year, month, date] = day.split('-');
  const first = field.querySelector('[role="spinbutton"]');
  if (!first) throw new Error('not a day field');
  await user.click(first);
  await user.keyboard(`${date}${month}${year}`);
}
