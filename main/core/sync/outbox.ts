/**
 * The outbox: every local change Ascora can accept is queued here in the same SQLite transaction
 * as the change itself (design.md, sync rule 1), so the UI never waits on the network and nothing
 * saved is lost if the app dies before the push.
 */
import { outbox } from '../db/schema';
import type { Db } from '../db/types';

export type OutboxKind = (typeof outbox.$inferInsert)['kind'];

export interface OutboxChange {
  integrationId: number;
  kind: OutboxKind;
  recordId: number;
  /** The outbox item this one must follow (a job after the offline customer it names). */
  dependsOn?: number | null;
  marker?: string | null;
}

/** Call inside the transaction that writes the change. Returns the outbox id. */
export function enqueueChange(tx: Pick<Db, 'insert'>, change: OutboxChange): number {
  const row = tx
    .insert(outbox)
    .values({
      integrationId: change.integrationId,
      kind: change.kind,
      recordId: change.recordId,
      dependsOn: change.dependsOn ?? null,
      marker: change.marker ?? null,
    })
    .returning({ id: outbox.id })
    .get();
  return row.id;
}
