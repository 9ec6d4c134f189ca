import type { SyncLogRow } from '../../../../shared/domain';
import { formatDateTime } from '../../../../shared/format';
import { useSession } from '../../stores/session';
import { LOG_STATUS_WORDS, runKindLabel } from './log-words';

/** The log's entries: when, what (a link to the record), the status in words, and the message with its reason. */
export function LogTable({ rows }: { rows: SyncLogRow[] }) {
  const openRecord = useSession((s) => s.openRecord);
  return (
    <table className="table">
      <caption className="sr-only">Sync log</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">What</th>
          <th scope="col">Status</th>
          <th scope="col">Message</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>{formatDateTime(r.createdAt)}</td>
            <td>
              {runKindLabel(r)}
              {r.subject.name ? (
                <>
                  {': '}
                  {r.subject.open ? (
                    <button type="button" className="link" onClick={() => openRecord(r.subject.open!)}>
                      {r.subject.name}
                    </button>
                  ) : (
                    r.subject.name
                  )}
                </>
              ) : null}
            </td>
            <td>
              <span className={`badge badge-log-${r.status}`}>{LOG_STATUS_WORDS[r.status]}</span>
            </td>
            <td>
              {r.message}
              {/* The reason, where it is read: never behind a click. */}
              {r.error && r.error !== r.message ? <div className="log-error">{r.error}</div> : null}
              {r.kind === 'item' && r.retryCount > 1 ? <div className="hint">Tried {r.retryCount} times.</div> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
