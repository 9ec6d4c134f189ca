/** Events main pushes to the renderer, on both transports. */
import type { IntegrationState, SyncEntity } from './domain';

export type SyncPhase = 'push' | 'pull' | 'reconcile' | 'done';

export interface AppEvents {
  'sync.progress': {
    integrationId: number;
    runId: string;
    phase: SyncPhase;
    entity: SyncEntity | null;
    done: number;
    /** Null while the total is not yet known (the first page has not arrived). */
    total: number | null;
  };
  'record.changed': {
    entity: 'job' | 'customer' | 'invoice' | 'report' | 'log' | 'conflict' | 'integration' | 'settings';
    ids: number[] | 'many';
  };
  'connection.state': {
    integrationId: number;
    state: IntegrationState;
    online: boolean;
  };
}

export type EventName = keyof AppEvents;
export const EVENT_NAMES: EventName[] = ['sync.progress', 'record.changed', 'connection.state'];
export type AppEvent = { [K in EventName]: { name: K; payload: AppEvents[K] } }[EventName];
