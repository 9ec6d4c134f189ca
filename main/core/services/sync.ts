/** The contract's sync and schedule channels over the engine and the scheduler. */
import type { CoreContext } from '../context';
import { composeHandlers, type HandlerMap } from '../ipc/types';
import type { SyncEngine } from '../sync/engine';
import type { Scheduler } from '../sync/schedule';
import { noLongerInAscora } from './attention';
import { createProblemService } from './problems';

export function createSyncService(ctx: CoreContext, engine: SyncEngine, scheduler: Scheduler) {
  const own = {
    // A person asked: skip any backoff wait, now. "Sync now" (no kind) runs what the schedule would
    // run now: incremental, unless a full pass is due. A person clicks it to send their work and see
    // new jobs, which that does in a request or two; a full pass reads every page (minutes at
    // 100,000 jobs over a real network). "Full check now" asks for the full pass (design.md rule 5).
    'sync.now': ({ integrationId, entities, kind }) =>
      engine.syncNow(integrationId, { entities, ignoreBackoff: true, kind: kind ?? 'auto' }),
    'sync.status': ({ integrationId }) => ({
      ...engine.status(integrationId),
      noLongerInAscora: noLongerInAscora(ctx.db, integrationId),
    }),
    // Back online or awake (the Electron shell's powerMonitor and network poll; the window's
    // `online` event in either host): the scheduler decides, per connection.
    'sync.signal': ({ reason }) => scheduler.signal(reason),
    'sync.retryFailed': ({ integrationId, outboxIds }) => {
      const result = engine.retryFailed(integrationId, outboxIds);
      ctx.events.emit('record.changed', { entity: 'log', ids: 'many' });
      return result;
    },
    'sync.sendParked': ({ integrationId, outboxId }) => {
      const result = engine.sendParked(integrationId, outboxId);
      ctx.events.emit('record.changed', { entity: 'log', ids: 'many' });
      ctx.events.emit('record.changed', { entity: 'customer', ids: 'many' });
      ctx.events.emit('record.changed', { entity: 'invoice', ids: 'many' });
      return result;
    },
    'schedule.get': ({ integrationId }) => scheduler.get(integrationId),
    'schedule.start': ({ integrationId, intervalMinutes }) => scheduler.start(integrationId, intervalMinutes),
    'schedule.stop': ({ integrationId }) => scheduler.stop(integrationId),
  } satisfies HandlerMap;
  return { handlers: composeHandlers(own, createProblemService(ctx).handlers) };
}
