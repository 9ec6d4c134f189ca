import { LogFilters } from './LogFilters';
import { LogTable } from './LogTable';
import type { SyncLogState } from './use-sync-log';

/** The sync log: filters, entries, how many of how many, and older entries a page at a time. */
export function SyncLog({ log, act }: { log: SyncLogState; act(fn: () => Promise<unknown>): Promise<void> }) {
  const { logs, rows, nextCursor } = log;
  return (
    <>
      <h2>Log</h2>
      <LogFilters log={log} act={act} />
      <LogTable rows={rows} />
      {logs.data ? (
        <p className="hint" aria-live="polite">
          {logs.data.total === 0
            ? 'No log entries match.'
            : `Showing ${rows.length} of ${logs.data.total} log entries.`}{' '}
          {nextCursor ? (
            <button type="button" className="secondary" onClick={() => void act(log.showOlder)}>
              Show older entries
            </button>
          ) : null}
        </p>
      ) : null}
    </>
  );
}
