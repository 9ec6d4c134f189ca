/** Events main pushes to the renderer, on both transports. */
import type { ChannelName } from './contract';
import type { IntegrationState, IntegrationStatus, SyncEntity } from './domain';
import type { UpdateStatus } from './updates';

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
    /**
     * The queries this change made stale, when the core knows they are fewer than every query
     * about the entity (renderer/src/cache/changes.ts lists those): a note names its job's
     * `jobs.get` only, unless it changed what the job's row shows. A query of one record
     * (`jobs.get`) is narrowed to `ids`; a list is not. Absent: every query about the entity.
     */
    queries?: ChannelName[];
  };
  /**
   * Every connection's status (what `integration.list` answers), pushed whenever a change may
   * have moved one of its figures (waiting, failed, needs you) or its state: the window and the
   * tray hold it from here instead of asking after each change.
   */
  'connections.status': { integrations: IntegrationStatus[] };
  'connection.state': {
    integrationId: number;
    state: IntegrationState;
    online: boolean;
  };
  /**
   * The core's worker thread stopped unexpectedly (main/core/worker/core-worker.ts). The message says
   * what happened and what it means for the person's work; restarted is false when it could not
   * be started again (then only restarting the app helps).
   */
  'core.crashed': {
    message: string;
    restarted: boolean;
  };
  /** The updater's state moved (the desktop app only: main/shell/updates.ts); what `updates.status` answers. */
  'updates.status': UpdateStatus;
}

export type EventName = keyof AppEvents;
export const EVENT_NAMES: EventName[] = [
  'sync.progress',
  'record.changed',
  'connection.state',
  'connections.status',
  'core.crashed',
  'updates.status',
];
export type AppEvent = { [K in EventName]: { name: K; payload: AppEvents[K] } }[EventName];
