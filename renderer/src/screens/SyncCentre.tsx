/**
 * Sync centre: sync now with progress, the schedule; what needs a person, as a to-do list (each
 * change named as the office names it, the reason inline, a link to the record and the repair);
 * the conflicts; the log, in the same words.
 */

/** A log line's status in words: a run that finished with refused changes is not called a success. */
const LOG_STATUS_WORDS: Record<LogStatus, string> = {
  success: 'Finished',
  partial: 'Finished with failures',
  failed: 'Failed',
  pending: 'Waiting for a person',
  skipped: 'Skipped',
  running: 'Running',
  interrupted: 'Interrupted',
  discarded: 'Taken back',
};
import { useCallback, useId, useMemo, useState } from 'react';
import {
  LOG_KINDS,
  type LogKind,
  type LogStatus,
  type Page,
  type SyncLogRow,
  type SyncProblem,
} from '../../../shared/domain';
import { formatDateTime } from '../../../shared/format';
import { call } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { HeldCustomerActions } from '../components/HeldCustomer';
import { NoLongerInAscora } from '../components/NoLongerInAscora';
import { StateBadge } from '../components/SyncBadge';
import { SyncProgress } from '../components/SyncProgress';
import { download, exportAll, toCsv } from '../components/csv';
import { setCoreData, useCoreQuery } from '../cache';
import { useDebounced } from '../hooks';
import { useSyncRunning } from '../stores/live';
import { useActiveIntegration, useSession } from '../stores/session';
import { ConflictView } from './ConflictView';
import { ToEnterInAscora } from './ToEnter';

/** The log's "About" filter in words. */
const LOG_KIND_WORDS: Record<LogKind, string> = {
  run: 'Sync runs',
  customer: 'Customers',
  job: 'Jobs',
  payment: 'Payments',
  invoice: 'Invoices',
};

/** Log entries per page: the log is keyset-paged like the other lists. */
const LOG_PAGE = 100;

/** What a log row is about: a run says which kind it was (design.md, sync rule 5). */
function runKindLabel(r: Pick<SyncLogRow, 'runKind' | 'subject'>): string {
  if (r.runKind === 'full') return 'Sync run: full check';
  if (r.runKind === 'incremental') return 'Sync run: quick (new and recent jobs)';
  return r.subject.what;
}

export function SyncCentre({ integrationId }: { integrationId: number }) {
  const integration = useActiveIntegration();
  const running = useSyncRunning(integrationId);
  // Each asked again only when the core says what it shows changed (cache/changes.ts).
  const schedule = useCoreQuery('schedule.get', { integrationId });
  const conflicts = useCoreQuery('conflicts.list', { integrationId }, { plain: true });
  const syncStatus = useCoreQuery('sync.status', { integrationId });
  const problems = useCoreQuery('sync.problems', { integrationId }, { plain: true });
  const openRecord = useSession((s) => s.openRecord);
  const [status, setStatus] = useState<'' | LogStatus>('');
  const [logKind, setLogKind] = useState<'' | LogKind>('');
  const [logSearch, setLogSearch] = useState('');
  const search = useDebounced(logSearch, 250);
  const logQuery = useMemo(
    () => ({ integrationId, status: status || null, kind: logKind || null, search }),
    [integrationId, status, logKind, search],
  );
  const logs = useCoreQuery('logs.list', { ...logQuery, limit: LOG_PAGE }, { keepPrevious: true });
  // Older pages asked for with "Show older entries", for the first page they follow (a new first page starts again).
  const [older, setOlder] = useState<{ after: Page<SyncLogRow>; rows: SyncLogRow[]; cursor: string | null } | null>(
    null,
  );
  const olderNow = older && older.after === logs.data ? older : null;
  const logRows = [...(logs.data?.rows ?? []), ...(olderNow?.rows ?? [])];
  const nextLogCursor = olderNow ? olderNow.cursor : (logs.data?.nextCursor ?? null);
  const [intervalMinutes, setIntervalMinutes] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const ids = { interval: useId(), status: useId(), kind: useId(), search: useId() };

  const act = useCallback(async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    }
  }, []);

  const s = schedule.data;
  const full = syncStatus.data;
  const needsPerson = integration?.needsPersonCount ?? 0;
  return (
    <section className="screen" aria-labelledby="sync-title">
      <h1 id="sync-title">Sync centre</h1>
      {/* The core's one count, as the header, the sidebar and Today show it: the changes below and the conflicts after them. */}
      <h2 id="problems-title">Needs attention ({needsPerson})</h2>
      {integration && needsPerson === 0 ? (
        <p className="hint">Nothing needs attention: every change is in Ascora or on its way.</p>
      ) : null}
      <ul className="problems" aria-labelledby="problems-title">
        {problems.data?.map((p) => (
          <ProblemItem
            key={p.outboxId ?? `${p.state}-${p.name}`}
            problem={p}
            integrationId={integrationId}
            onDone={setMessage}
          />
        ))}
      </ul>

      <h3>Changed on both sides {conflicts.data && conflicts.data.length > 0 ? `(${conflicts.data.length})` : ''}</h3>
      {conflicts.data && conflicts.data.length === 0 ? (
        <p className="hint">No conflicts: nothing needs a decision.</p>
      ) : null}
      {conflicts.data?.map((c) => (
        <div key={c.id}>
          <h4>{c.recordLabel}</h4>
          <ConflictView conflict={c} />
        </div>
      ))}

      {full && full.noLongerInAscora.jobs + full.noLongerInAscora.customers > 0 ? (
        <>
          <h3>No longer in Ascora</h3>
          <NoLongerInAscora counts={full.noLongerInAscora} />
        </>
      ) : null}

      <ToEnterInAscora integrationId={integrationId} />

      <div className="cards cards-wide">
        <div className="card">
          <h2>Sync with Ascora</h2>
          <p className="hint">
            {integration?.pendingCount ?? 0} waiting to send · {needsPerson} need attention · last success{' '}
            {formatDateTime(integration?.lastSuccessAt)}
          </p>
          <p className="hint">
            Sync now sends your changes and fetches new and recent jobs. A full check also reads every older job,
            customer and invoice, so it finds what others changed or deleted in Ascora; one runs once a day (nightly),
            with the first sync after it is due.
          </p>
          <p>
            Last full check: {full?.lastFullPassAt ? formatDateTime(full.lastFullPassAt) : 'not yet'} · next{' '}
            {full?.fullPassDueAt && full.lastFullPassAt ? formatDateTime(full.fullPassDueAt) : 'with the next sync'}
          </p>
          <div className="actions">
            <button
              type="button"
              disabled={running}
              onClick={() => void act(async () => setMessage((await call('sync.now', { integrationId })).message))}
            >
              {running ? 'Syncing…' : 'Sync now'}
            </button>
            <button
              type="button"
              className="secondary"
              disabled={running}
              onClick={() =>
                void act(async () => setMessage((await call('sync.now', { integrationId, kind: 'full' })).message))
              }
            >
              Full check now
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() =>
                void act(async () =>
                  setMessage(
                    `${(await call('sync.retryFailed', { integrationId })).requeued} failed items queued again. They go with the next sync.`,
                  ),
                )
              }
            >
              Retry failed
            </button>
          </div>
          <SyncProgress integrationId={integrationId} />
          {message ? (
            <p role="status" className="notice notice-ok">
              {message}
            </p>
          ) : null}
        </div>
        <div className="card">
          <h2>Schedule</h2>
          {s ? (
            <>
              <p>
                {s.active
                  ? `On: every ${s.intervalMinutes} minutes. Next run ${formatDateTime(s.nextRunAt)}.`
                  : 'Off: sync runs only when you ask.'}
              </p>
              {s.consecutiveFailures > 0 ? (
                <p className="hint">{s.consecutiveFailures} failed runs in a row: waiting longer between tries.</p>
              ) : null}
              <label htmlFor={ids.interval}>Every (minutes)</label>
              <select
                id={ids.interval}
                value={intervalMinutes ?? s.intervalMinutes}
                onChange={(e) => setIntervalMinutes(Number(e.target.value))}
              >
                {[5, 15, 30, 60, 120, 240].map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
              <div className="actions">
                <button
                  type="button"
                  onClick={() =>
                    void act(async () => {
                      const started = await call('schedule.start', {
                        integrationId,
                        intervalMinutes: intervalMinutes ?? s.intervalMinutes,
                      });
                      setCoreData('schedule.get', { integrationId }, started);
                    })
                  }
                >
                  {s.active ? 'Update schedule' : 'Turn schedule on'}
                </button>
                {s.active ? (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() =>
                      void act(async () => {
                        setCoreData('schedule.get', { integrationId }, await call('schedule.stop', { integrationId }));
                      })
                    }
                  >
                    Turn schedule off
                  </button>
                ) : null}
              </div>
            </>
          ) : null}
        </div>
      </div>
      <ErrorNotice error={error ?? schedule.error ?? logs.error} />

      <h2>Log</h2>
      <div className="toolbar">
        <div className="field grow">
          <label htmlFor={ids.search}>Search the log</label>
          <input
            id={ids.search}
            type="search"
            value={logSearch}
            onChange={(e) => setLogSearch(e.target.value)}
            placeholder="Customer, job number, invoice or message"
          />
        </div>
        <div className="field">
          <label htmlFor={ids.kind}>About</label>
          <select id={ids.kind} value={logKind} onChange={(e) => setLogKind(e.target.value as typeof logKind)}>
            <option value="">Everything</option>
            {LOG_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {LOG_KIND_WORDS[kind]}
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
                (cursor) => call('logs.list', { ...logQuery, cursor, limit: 500 }),
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
          {logRows.map((r) => (
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
      {logs.data ? (
        <p className="hint" aria-live="polite">
          {logs.data.total === 0
            ? 'No log entries match.'
            : `Showing ${logRows.length} of ${logs.data.total} log entries.`}{' '}
          {nextLogCursor ? (
            <button
              type="button"
              className="secondary"
              onClick={() =>
                void act(async () => {
                  const first = logs.data!;
                  const page = await call('logs.list', { ...logQuery, cursor: nextLogCursor, limit: LOG_PAGE });
                  setOlder({ after: first, rows: [...(olderNow?.rows ?? []), ...page.rows], cursor: page.nextCursor });
                })
              }
            >
              Show older entries
            </button>
          ) : null}
        </p>
      ) : null}
    </section>
  );
}

/** One change that needs a person: what it is, why, where it is, and what can be done here. */
function ProblemItem({
  problem: p,
  integrationId,
  onDone,
}: {
  problem: SyncProblem;
  integrationId: number;
  onDone(message: string): void;
}) {
  const openRecord = useSession((s) => s.openRecord);
  const [error, setError] = useState<unknown>(null);
  const run = (fn: () => Promise<unknown>, message: string) => fn().then(() => onDone(message), setError);
  return (
    <li className="problem" aria-label={`${p.what}: ${p.name}`}>
      <div className="problem-head">
        {/* Two jobs for one report: checked, and one cancelled, in Ascora. */}
        <StateBadge state={p.state === 'duplicate' ? 'check' : p.state} />
        <strong>
          {p.what}: {p.name}
        </strong>
        <span className="hint">since {formatDateTime(p.since)}</span>
      </div>
      {p.reason ? <p className="log-error">{p.state === 'refused' ? `Ascora said: ${p.reason}` : p.reason}</p> : null}
      <div className="actions">
        {p.open ? (
          <button type="button" onClick={() => openRecord(p.open!)}>
            {p.state === 'refused'
              ? p.open.entity === 'invoice'
                ? 'Open the invoice to change or withdraw it'
                : 'Open it to change or discard it'
              : 'Open it'}
          </button>
        ) : null}
        {p.outboxId === null ? null : p.state === 'refused' ? (
          <button
            type="button"
            className="secondary"
            onClick={() =>
              void run(
                () => call('sync.retryFailed', { integrationId, outboxIds: [p.outboxId!] }),
                `${p.what}: ${p.name} goes with the next sync.`,
              )
            }
          >
            Send again unchanged
          </button>
        ) : p.paymentId !== null ? (
          <>
            <button
              type="button"
              className="secondary"
              onClick={() =>
                void run(
                  () => call('invoices.confirmPayment', { paymentId: p.paymentId!, foundInAscora: true }),
                  `${p.name}: marked as in Ascora.`,
                )
              }
            >
              It is in Ascora
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() =>
                void run(
                  () => call('invoices.confirmPayment', { paymentId: p.paymentId!, foundInAscora: false }),
                  `${p.name} is sent once more with the next sync.`,
                )
              }
            >
              It is not: send it again
            </button>
          </>
        ) : p.open?.entity === 'customer' ? null : (
          <button
            type="button"
            className="secondary"
            onClick={() =>
              void run(
                () => call('sync.sendParked', { integrationId, outboxId: p.outboxId! }),
                'It will be sent to Ascora with the next sync.',
              )
            }
          >
            It is not in Ascora: send it
          </button>
        )}
      </div>
      {p.state === 'check' && p.open?.entity === 'customer' && p.outboxId !== null ? (
        <HeldCustomerActions integrationId={integrationId} outboxId={p.outboxId} name={p.name} onDone={onDone} />
      ) : null}
      <ErrorNotice error={error} />
    </li>
  );
}
