/**
 * Today: the first screen. What the last sync brought, what needs a person, the jobs created today
 * by status and the invoices still open, aged as Xero ages them. Every figure is a button that
 * opens the list it counts, filtered the same way (the core counts with the lists' own filters).
 */
import type { ReactNode } from 'react';
import type { IntegrationStatus, TodaySummary } from '../../../shared/domain';
import { formatDate, formatDateTime, formatMoney, getDisplayTimeZone } from '../../../shared/format';
import { AGEING_LABELS, AGEING_WORDS, ageingRule } from '../../../shared/invoice-figures';
import { call } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { FirstStart } from '../components/FirstStart';
import { NoLongerInAscora } from '../components/NoLongerInAscora';
import { RecordLink } from '../components/RecordLink';
import { useCoreQuery } from '../cache';
import { useSyncProgress, useSyncRunning } from '../stores/live';
import { useSession } from '../stores/session';
import { openToEnter } from './ToEnter';
import './today.css';

export function Today({ integration }: { integration: IntegrationStatus }) {
  // Asked again when the core says a job, customer, invoice, report, conflict or sync run changed.
  const summary = useCoreQuery('dashboard.summary', { integrationId: integration.id }, { plain: true });
  const s = summary.data;
  return (
    <section aria-labelledby="today-title" className="screen today">
      <h1 id="today-title">Today</h1>
      {s ? <p className="lead">{formatLongDate(s.today)}</p> : null}
      <ErrorNotice error={summary.error} />
      <FirstStart />
      {s?.firstSyncPending ? <FirstSync integration={integration} /> : null}
      {s && !s.firstSyncPending ? (
        <div className="today-grid">
          <NeedsPerson summary={s} integration={integration} />
          {s.noLongerInAscora.jobs + s.noLongerInAscora.customers > 0 ? (
            <Card title="No longer in Ascora">
              <NoLongerInAscora counts={s.noLongerInAscora} />
            </Card>
          ) : null}
          <ToEnter integrationId={integration.id} />
          <LastSync summary={s} />
          <TodaysJobs summary={s} />
          <OpenInvoices summary={s} />
        </div>
      ) : null}
    </section>
  );
}

/** Monday 30 November 2026, for the office's date (YYYY-MM-DD). */
function formatLongDate(day: string): string {
  return new Intl.DateTimeFormat('en-AU', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

/**
 * One figure: a button opening the list behind it, "<count> <words>", the words in the singular for
 * one; its whole text is its accessible name.
 */
function Figure({
  count,
  one,
  many,
  onOpen,
  tone,
  children,
}: {
  count: number;
  one: string;
  many: string;
  onOpen(): void;
  tone?: 'bad' | 'warn';
  children?: ReactNode;
}) {
  return (
    <li>
      <button type="button" className={`figure ${tone ?? ''}`} onClick={onOpen}>
        <strong className="num">{count.toLocaleString('en-AU')}</strong> {count === 1 ? one : many}
        {children}
      </button>
    </li>
  );
}

function Card({ title, children, detail }: { title: string; children: ReactNode; detail?: ReactNode }) {
  const id = `today-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section className="today-card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {detail ? <p className="hint">{detail}</p> : null}
      {children}
    </section>
  );
}

/** The first sync has not finished: its progress, never a screen of zeros. */
function FirstSync({ integration }: { integration: IntegrationStatus }) {
  const running = useSyncRunning(integration.id);
  const jobs = useSyncProgress(integration.id)['pull:jobs'];
  const failed = !running && integration.state !== 'idle' && integration.lastError;
  return (
    <section className="today-card first-sync" aria-labelledby="first-sync-title">
      <h2 id="first-sync-title">{failed ? 'The first sync did not finish' : 'Getting your jobs from Ascora…'}</h2>
      {jobs ? (
        <>
          <progress value={jobs.done} max={jobs.total ?? undefined} aria-label="Jobs received from Ascora" />
          <p className="num" aria-live="polite">
            {jobs.total
              ? `${jobs.done.toLocaleString('en-AU')} of ~${jobs.total.toLocaleString('en-AU')} jobs`
              : `${jobs.done.toLocaleString('en-AU')} jobs so far`}
          </p>
        </>
      ) : running ? (
        <p aria-live="polite">Starting… customers come first, then jobs and invoices.</p>
      ) : null}
      {failed ? (
        <div className="notice notice-error" role="alert">
          {integration.lastError} What has arrived is kept; the next sync carries on from there.
        </div>
      ) : (
        <p className="hint">Today's figures appear when the first sync has finished. You can use the app meanwhile.</p>
      )}
      {failed ? (
        <button type="button" onClick={() => void call('sync.now', { integrationId: integration.id })}>
          Try again
        </button>
      ) : null}
    </section>
  );
}

function NeedsPerson({ summary: s, integration }: { summary: TodaySummary; integration: IntegrationStatus }) {
  const setScreen = useSession((state) => state.setScreen);
  const n = s.needsPerson;
  const toSync = () => setScreen('sync');
  const figures: Parameters<typeof Figure>[0][] = [
    { count: n.refused, one: 'change Ascora refused', many: 'changes Ascora refused', tone: 'bad', onOpen: toSync },
    {
      count: n.toCheck,
      one: 'change to check in Ascora',
      many: 'changes to check in Ascora',
      tone: 'warn',
      onOpen: toSync,
    },
    {
      count: n.paymentsToCheck,
      one: 'payment to check in Ascora',
      many: 'payments to check in Ascora',
      tone: 'warn',
      onOpen: toSync,
    },
    { count: n.conflicts, one: 'conflict to resolve', many: 'conflicts to resolve', tone: 'warn', onOpen: toSync },
    {
      count: n.duplicateJobs,
      one: 'report made into two jobs in Ascora',
      many: 'reports made into two jobs in Ascora',
      tone: 'warn',
      onOpen: toSync,
    },
  ];
  // Not in the count of what needs attention (a report waits for a person by design): listed after it.
  const reports: Parameters<typeof Figure>[0] = {
    count: n.reportsWithoutJob,
    one: 'report not yet made into a job',
    many: 'reports not yet made into jobs',
    onOpen: () => setScreen('reports'),
  };
  const needsAttention = integration.needsPersonCount;
  const nothing = needsAttention === 0 && reports.count === 0;
  const syncFailed = integration.state === 'error' || integration.state === 'needs_reauth';
  return (
    <Card title="Needs you">
      {syncFailed ? (
        <p className="notice notice-error">
          The last sync did not finish: {integration.lastError ?? 'see the Sync centre.'}{' '}
          <button type="button" className="link" onClick={toSync}>
            Open the Sync centre
          </button>
        </p>
      ) : null}
      {nothing ? <p>Nothing needs you{syncFailed ? ' here' : ''}.</p> : null}
      {needsAttention > 0 ? (
        <>
          {/* The core's one count, as the header, the sidebar and the Sync centre show it. */}
          <p className="needs-count">
            <strong>{needsAttention}</strong> need attention:
          </p>
          <ul className="figures">
            {figures
              .filter((f) => f.count > 0)
              .map((f) => (
                <Figure key={f.one} {...f} />
              ))}
          </ul>
        </>
      ) : null}
      {reports.count > 0 ? (
        <ul className="figures">
          <Figure {...reports} />
        </ul>
      ) : null}
    </Card>
  );
}

function LastSync({ summary: s }: { summary: TodaySummary }) {
  const setScreen = useSession((state) => state.setScreen);
  const l = s.lastSync;
  return (
    <Card
      title="Since the last sync"
      detail={
        l.finishedAt ? `What the sync that ended ${formatDateTime(l.finishedAt)} brought from Ascora.` : undefined
      }
    >
      {l.newJobs + l.updatedJobs === 0 ? (
        <p>No new or changed jobs.</p>
      ) : (
        <>
          <ul className="figures">
            <Figure
              count={l.newJobs}
              one="new job"
              many="new jobs"
              onOpen={() => setScreen('jobs', { filter: { lastSync: 'new' } })}
            />
            <Figure
              count={l.updatedJobs}
              one="job changed in Ascora"
              many="jobs changed in Ascora"
              onOpen={() => setScreen('jobs', { filter: { lastSync: 'updated' } })}
            />
          </ul>
          <ul className="record-links">
            {l.jobs.map((job) => (
              <li key={job.id}>
                <RecordLink to={{ entity: 'job', id: job.id }}>
                  {job.jobNumber ? `${job.jobNumber} · ` : ''}
                  {job.jobName}
                </RecordLink>{' '}
                <span className="muted">{job.change === 'new' ? 'new' : 'changed'}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}

function TodaysJobs({ summary: s }: { summary: TodaySummary }) {
  const setScreen = useSession((state) => state.setScreen);
  const total = s.todaysJobs.reduce((sum, row) => sum + row.count, 0);
  const today = { createdFrom: s.today, createdTo: s.today };
  return (
    <Card title="Jobs created today" detail={formatDate(s.today)}>
      {total === 0 ? (
        <p>No jobs created today yet.</p>
      ) : (
        <ul className="figures">
          <Figure count={total} one="in all" many="in all" onOpen={() => setScreen('jobs', { filter: today })} />
          {s.todaysJobs.map((row) => (
            <Figure
              key={row.status}
              count={row.count}
              one={row.status}
              many={row.status}
              onOpen={() => setScreen('jobs', { filter: { ...today, statusText: row.status } })}
            />
          ))}
        </ul>
      )}
    </Card>
  );
}

/**
 * Open invoices in Xero's ageing buckets, drawn as a bar chart as Xero's dashboard draws them:
 * each bar a button opening the Invoices list of its invoices, the bars adding up to the total
 * above them, and the rule they are aged by stated below.
 */
function OpenInvoices({ summary: s }: { summary: TodaySummary }) {
  const setScreen = useSession((state) => state.setScreen);
  const shown = s.ageing.filter((row) => row.bucket !== 'undated' || row.count > 0);
  const largest = Math.max(1, ...shown.map((row) => row.remainingCents));
  return (
    <Card
      title="Invoices still open"
      detail="Waiting to be exported to accounting, with an amount left after the payments recorded here."
    >
      <p className="ageing-total">
        <strong>{formatMoney(s.outstanding.remainingCents)}</strong> outstanding in{' '}
        {s.outstanding.count.toLocaleString('en-AU')} {s.outstanding.count === 1 ? 'invoice' : 'invoices'}
      </p>
      <ul className="ageing-bars" aria-label="Outstanding by days past due">
        {shown.map((row) => {
          const invoices = `${row.count.toLocaleString('en-AU')} ${row.count === 1 ? 'invoice' : 'invoices'}`;
          return (
            <li key={row.bucket}>
              <button
                type="button"
                className={`ageing-bar ageing-${row.bucket}`}
                aria-label={`${AGEING_WORDS[row.bucket]}: ${invoices}, ${formatMoney(row.remainingCents)}`}
                onClick={() => setScreen('invoices', { filter: { ageing: row.bucket } })}
              >
                <span className="ageing-label">{AGEING_LABELS[row.bucket]}</span>
                <span className="ageing-track" aria-hidden="true">
                  <span
                    className="ageing-fill"
                    style={{ width: `${Math.round((Math.max(0, row.remainingCents) / largest) * 100)}%` }}
                  />
                </span>
                <span className="money num">{formatMoney(row.remainingCents)}</span>
                <span className="ageing-count muted">{invoices}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <p className="hint">{ageingRule(getDisplayTimeZone())}</p>
    </Card>
  );
}

/** What is kept only on this computer and still to enter in Ascora by hand (sync.localOnly's counts). */
function ToEnter({ integrationId }: { integrationId: number }) {
  const work = useCoreQuery('sync.localOnly', { integrationId });
  const w = work.data;
  if (!w) return null;
  const total = w.statusCount + w.noteCount + w.attachmentCount;
  const kinds = [
    [w.statusCount, 'status', 'statuses'],
    [w.noteCount, 'note', 'notes'],
    [w.attachmentCount, 'attachment', 'attachments'],
  ] as const;
  return (
    <Card
      title="To enter in Ascora"
      detail="Job statuses, notes and attachments kept only on this computer: the technicians see them once they are entered in Ascora by hand."
    >
      {total === 0 ? (
        <p>Nothing to enter: everything kept here is in Ascora.</p>
      ) : (
        <ul className="figures">
          <Figure count={total} one="to enter in Ascora" many="to enter in Ascora" tone="warn" onOpen={openToEnter}>
            <span className="muted">
              {' '}
              (
              {kinds
                .filter(([n]) => n > 0)
                .map(([n, one, many]) => `${n} ${n === 1 ? one : many}`)
                .join(', ')}
              )
            </span>
          </Figure>
        </ul>
      )}
    </Card>
  );
}
