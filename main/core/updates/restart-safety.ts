/**
 * What stands in the way of restarting now: a sync running (it would be cut off between items and
 * looked up at the next start, but a person should not be surprised by that) and changes not yet
 * sent to Ascora (kept through a restart, but named, so nobody restarts thinking all is sent).
 * Asked of the core through its contract, whichever thread it runs in.
 */
import type { ChannelName, InputOf, OutputOf } from '../../../shared/contract';
import type { RecordRef } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { Result } from '../../../shared/result';
import type { EventBus } from '../events';

export interface RestartBlockers {
  /** The names of the connections syncing now. */
  syncing: string[];
  /** Changes made here Ascora does not have yet, over every connection: the count and the first few. */
  unsent: { count: number; first: RecordRef[] };
}

type Invoke = (channel: string, input: unknown) => Promise<Result<unknown>>;

/** The first few unsent changes shown, whatever the number of connections. */
const FIRST_FEW = 5;

export async function restartBlockers(invoke: Invoke): Promise<RestartBlockers> {
  const ask = async <C extends ChannelName>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> => {
    const result = await invoke(channel, input);
    if (!result.ok)
      throw new AppError(
        'INTERNAL',
        `Could not check whether a sync is running or changes are unsent (${result.error.message}), so the app did not restart. Try again.`,
      );
    return result.value as OutputOf<C>;
  };
  const blockers: RestartBlockers = { syncing: [], unsent: { count: 0, first: [] } };
  for (const connection of await ask('integration.list', {})) {
    const [status, unsent] = await Promise.all([
      ask('sync.status', { integrationId: connection.id }),
      ask('sync.unsent', { integrationId: connection.id }),
    ]);
    if (status.running) blockers.syncing.push(connection.displayName);
    blockers.unsent.count += unsent.count;
    blockers.unsent.first.push(...unsent.first.slice(0, FIRST_FEW - blockers.unsent.first.length));
  }
  return blockers;
}

/**
 * Tells the controller each time a connection's state may have moved (a run starting or ending
 * emits these): what a restart "when the sync has finished" waits for. Answers the unsubscribe.
 */
export function followSyncs(
  events: Pick<EventBus, 'subscribe'>,
  update: { syncMayHaveEnded(): Promise<void> },
): () => void {
  return events.subscribe((event) => {
    if (event.name === 'connection.state' || event.name === 'connections.status') void update.syncMayHaveEnded();
  });
}
