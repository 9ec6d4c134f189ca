/** Sync centre: sync now or a full check with progress, the schedule, retry failed, the log, the conflicts inbox. */
import { useCallback, useId, useMemo, useState } from 'react';
import type { Conflict, Schedule, SyncLogRow, SyncStatus } from '../../../shared/domain';
import { formatDateTime } from '../../../shared/format';
import { call } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { SyncProgress } from '../components/SyncProgress';
import { download, exportAll, toCsv } from '../components/csv';
import { useLoad } from '../hooks';
import { useChangeCounter, useLive } from '../stores/live';
import { useActiveIntegration } from '../stores/session';
import { ConflictView } from './ConflictView';

/** What a log row is, for people: a run says which kind it was (design.md, sync rule 5). */
function logEntryLabel(r: Pick<SyncLogRow, 'kind' | 'runKind' | 'direction' | 'entity'>): string {
  if (r.kind !== 'run') return `${r.direction} ${r.entity ?? ''}`;
  return r.runKind === 'full' ? 'Sync run: full check' : r.runKind === 'incremental' ? 'Sync run: quick (new and recent jobs)' : 'Sync run';
}

export function SyncCentre({ integrationId }: { integrationId: number }) {
  const integration = useActiveIntegration();
  const running = useLive((s) => s.running);
  const changes = useChangeCounter('log', 'conflict', 'integration');
  const schedule = useLoad<Schedule>(() => call('schedule.get', { integrationId }), [integrationId]);
  const syncStatus = useLoad<SyncStatus>(() => call('sync.status', { integrationId }), [integrationId, changes]);
  const conflicts = useLoad<Conflict[]>(() => call('conflicts.list', { integrationId }), [integrationId, changes]);
  const [status, setStatus] = useState<'' | 'failed' | 'success' | 'pending' | 'skipped' | 'interrupted'>('');
  const logQuery = useMemo(() => ({ integrationId, status: status || null }), [integrationId, status]);
  const logs = useLoad(() => call('logs.list', { ...logQuery, limit: 200 }), [logQuery, changes]);
  const [open, setOpen] = useState<SyncLogRow | null>(null);
  const [intervalMinutes, setIntervalMinutes] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const ids = { interval: useId(), status: useId() };

  const act = useCallback(async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    }
  }, []);

  const s = schedule.value;
  const full = syncStatus.value;
  return (
    <section className="screen" aria-labelledby="sync-title">
      <h1 id="sync-title">Sync centre</h1>
      <div className="cards cards-wide">
        <div className="card">
          <h2>Sync with Ascora</h2>
          <p className="hint">
            {integration?.pendingCount ?? 0} changes waiting · {integration?.failedCount ?? 0} failed · last success {formatDateTime(integration?.lastSuccessAt)}
          </p>
          <p className="hint">
            Sync now sends your changes and fetches new and recent jobs. A full check also reads every older job, customer and
            invoice, so it finds what others changed or deleted in Ascora; one runs once a day (nightly), with the first sync after it is due.
          </p>
          <p>
            Last full check: {full?.lastFullPassAt ? formatDateTime(full.lastFullPassAt) : 'not yet'} · next{' '}
            {full?.fullPassDueAt && full.lastFullPassAt ? formatDateTime(full.fullPassDueAt) : 'with the next sync'}
          </p>
          <div className="actions">
            <button type="button" disabled={running} onClick={() => void act(async () => setMessage((await call('sync.now', { integrationId })).message))}>
              {running ? 'Syncing…' : 'Sync now'}
            </button>
            <button type="button" className="secondary" disabled={running} onClick={() => void act(async () => setMessage((await call('sync.now', { integrationId, kind: 'full' })).message))}>
              Full check now
            </button>
            <button type="button" className="secondary" onClick={() => void act(async () => setMessage(`${(await call('sync.retryFailed', { integrationId })).requeued} failed items queued again. They go with the next sync.`))}>
              Retry failed
            </button>
          </div>
          <SyncProgress />
          {message ? <p role="status" className="notice notice-ok">{message}</p> : null}
        </div>
        <div className="card">
          <h2>Schedule</h2>
          {s ? (
            <>
              <p>{s.active ? `On: every ${s.intervalMinutes} minutes. Next run ${formatDateTime(s.nextRunAt)}.` : 'Off: sync runs only when you ask.'}</p>
              {s.consecutiveFailures > 0 ? <p className="hint">{s.consecutiveFailures} failed runs in a row: waiting longer between tries.</p> : null}
              <label htmlFor={ids.interval}>Every (minutes)</label>
              <select id={ids.interval} value={intervalMinutes ?? s.intervalMinutes} onChange={(e) => setIntervalMinutes(Number(e.target.value))}>
                {[5, 15, 30, 60, 120, 240].map((m) => <option key={m} value={m}>{m}</option>)}
              </select>
              <div className="actions">
                <button type="button" onClick={() => void act(async () => { await call('schedule.start', { integrationId, intervalMinutes: intervalMinutes ?? s.intervalMinutes }); await schedule.reload(); })}>
                  {s.active ? 'Update schedule' : 'Turn schedule on'}
                </button>
                {s.active ? (
                  <button type="button" className="secondary" onClick={() => void act(async () => { await call('schedule.stop', { integrationId }); await schedule.reload(); })}>
                    Turn schedule off
                  </button>
                ) : null}
              </div>
            </>
          ) : null}
        </div>
      </div>
      <ErrorNotice error={error ?? schedule.error ?? syncStatus.error ?? logs.error} />

      <h2>Conflicts {conflicts.value && conflicts.value.length > 0 ? `(${conflicts.value.length})` : ''}</h2>
      {conflicts.value && conflicts.value.length === 0 ? <p className="hint">No conflicts: nothing needs a decision.</p> : null}
      {conflicts.value?.map((c) => (
        <div key={c.id}>
          <h3>{c.recordLabel}</h3>
          <ConflictView conflict={c} />
        </div>
      ))}

      <h2>Log</h2>
      <div className="toolbar">
        <div className="field">
          <label htmlFor={ids.status}>Show</label>
          <select id={ids.status} value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">Everything</option>
            <option value="failed">Failures</option>
            <option value="success">Successes</option>
            <option value="skipped">Skipped records</option>
            <option value="pending">Waiting for a person</option>
            <option value="interrupted">Interrupted runs</option>
          </select>
        </div>
        <button
          type="button"
          className="secondary"
          onClick={() =>
            void act(async () => {
              const rows = await exportAll((cursor) => call('logs.list', { ...logQuery, cursor, limit: 500 }), () => undefined);
              download('sync-log.csv', toCsv(['Time', 'Kind', 'Entity', 'Status', 'Message', 'Error', 'Records', 'Written', 'Duration ms'], rows.map((r) => [formatDateTime(r.createdAt), r.runKind ? `${r.kind} (${r.runKind})` : r.kind, r.entity, r.status, r.message, r.error, r.recordsProcessed, r.recordsWritten, r.durationMs])));
            })
          }
        >
          Export CSV
        </button>
      </div>
      <table className="table">
        <caption className="sr-only">Sync log</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">What</th>
            <th scope="col">Status</th>
            <th scope="col">Message</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {(logs.value?.rows ?? []).map((r) => (
            <tr key={r.id}>
              <td>{formatDateTime(r.createdAt)}</td>
              <td>{logEntryLabel(r)}</td>
              <td><span className={`badge badge-log-${r.status}`}>{r.status}</span></td>
              <td>{r.message}</td>
              <td>
                {r.error || r.kind === 'item' ? (
                  <button type="button" className="link" onClick={() => setOpen(r)} aria-label={`Details of log entry ${r.id}`}>
                    Details
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open ? (
        <div className="card" role="dialog" aria-label="Log entry details">
          <h3>{logEntryLabel(open)} · {formatDateTime(open.createdAt)}</h3>
          <p>{open.message}</p>
          {open.error ? <pre className="description" tabIndex={0}>{open.error}</pre> : null}
          <p className="hint">Tries: {open.retryCount}. {open.durationMs !== null ? `Took ${open.durationMs} ms.` : ''}</p>
          {open.status === 'pending' && open.outboxId !== null && open.entity === 'create_customer' ? (
            <button
              type="button"
              onClick={() =>
                void act(async () => {
                  await call('sync.sendParked', { integrationId, outboxId: open.outboxId! });
                  setMessage('It will be sent to Ascora with the next sync.');
                  setOpen(null);
                })
              }
            >
              It is not in Ascora: send it
            </button>
          ) : null}
          <button type="button" className="secondary" onClick={() => setOpen(null)}>Close</button>
        </div>
      ) : null}
    </section>
  );
}
