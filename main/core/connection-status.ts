/**
 * Every connection's status, pushed (`connections.status`) after the changes that may move one of
 * its figures or its state: the window and the tray hold it from the event instead of each asking
 * `integration.list` after every change. A burst of changes (a sync's pages, a batch) is one
 * look-up and at most one event; nothing is pushed when nothing moved.
 */
import type { IntegrationStatus } from '../../shared/domain';
import type { AppEvent } from '../../shared/events';
import type { EventBus } from './events';

/** Long enough to take a burst of events as one, short enough that a badge follows a click at once. */
export const STATUS_SETTLE_MS = 30;

function movesStatus(event: AppEvent): boolean {
  switch (event.name) {
    case 'record.changed':
      // Reports and settings never count in a connection's figures.
      return event.payload.entity !== 'report' && event.payload.entity !== 'settings';
    case 'connection.state':
      return true;
    case 'sync.progress':
      return event.payload.phase === 'done';
    default:
      return false;
  }
}

export function pushConnectionStatus(events: EventBus, list: () => IntegrationStatus[]): { stop(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pushed = '';
  const push = () => {
    timer = null;
    let integrations: IntegrationStatus[];
    try {
      integrations = list();
    } catch {
      return; // Closing: the database is gone, and so is the window.
    }
    const text = JSON.stringify(integrations);
    if (text === pushed) return;
    pushed = text;
    events.emit('connections.status', { integrations });
  };
  const unsubscribe = events.subscribe((event) => {
    if (movesStatus(event)) timer ??= setTimeout(push, STATUS_SETTLE_MS);
  });
  return {
    stop() {
      unsubscribe();
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
