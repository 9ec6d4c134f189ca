import { useId } from 'react';
import { LOG_KINDS } from '../../../../shared/domain';
import { formatDateTime } from '../../../../shared/format';
import { call } from '../../api';
import { download, exportAll, toCsv } from '../../components/csv';
import { LOG_KIND_WORDS, LOG_STATUS_WORDS, runKindLabel } from './log-words';
import type { SyncLogState } from './use-sync-log';

/** The log's search, its "About" and "Show" filters, and its export (every entry the filters match). */
export function LogFilters({
  log: { filters, query },
  act,
}: {
  log: SyncLogState;
  act(fn: () => Promise<unknown>): Promise<void>;
}) {
  const ids = { status: useId(), kind: useId(), search: useId() };
  const { status, setStatus, kind, setKind, searchText, setSearchText } = filters;
  return (
    <div className="toolbar">
      <div className="field grow">
        <label htmlFor={ids.search}>Search the log</label>
        <input
          id={ids.search}
          type="search"
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          placeholder="Customer, job number, invoice or message"
        />
      </div>
      <div className="field">
        <label htmlFor={ids.kind}>About</label>
        <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          <option value="">Everything</option>
          {LOG_KINDS.map((k) => (
            <option key={k} value={k}>
              {LOG_KIND_WORDS[k]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.status}>Show</label>
        <select id={ids.status} value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
          <option value="">Everything</option>
          <option value="failed">Failures</option>
          <option value="partial">Runs with failures</option>
          <option value="success">Finished runs</option>
          <option value="skipped">Skipped records</option>
          <option value="pending">Waiting for a person</option>
          <option value="discarded">Taken back by a person</option>
          <option value="interrupted">Interrupted runs</option>
        </select>
      </div>
      <button
        type="button"
        className="secondary"
        onClick={() =>
          void act(async () => {
            const rows = await exportAll(
              (cursor) => call('logs.list', { ...query, cursor, limit: 500 }),
              () => undefined,
            );
            download(
              'sync-log.csv',
              toCsv(
                ['Time', 'What', 'Record', 'Status', 'Message', 'Error', 'Records', 'Written', 'Duration ms'],
                rows.map((r) => [
                  formatDateTime(r.createdAt),
                  runKindLabel(r),
                  r.subject.name,
                  LOG_STATUS_WORDS[r.status],
                  r.message,
                  r.error,
                  r.recordsProcessed,
                  r.recordsWritten,
                  r.durationMs,
                ]),
              ),
            );
          })
        }
      >
        Export CSV
      </button>
    </div>
  );
}
