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
  /**
   * The core's worker thread stopped unexpectedly (main/core/worker/host.ts). The message says
   * what happened and what it means for the person's work; restarted is false when it could not
   * be started again (then only restarting the app helps).
   */
  'core.crashed': {
    message: string;
    restarted: boolean;
  };
}

export type EventName = keyof AppEvents;
export const EVENT_NAMES: EventName[] = ['sync.progress', 'record.changed', 'connection.state', 'core.crashed'];
export type AppEvent = { [K in EventName]: { name: K; payload: AppEvents[K] } }[EventName];
