/** Connection and sync state, counts, and the two charts an office manager looks at first. */
import type { DashboardSummary, IntegrationStatus } from '../../../shared/domain';
import { formatDateTime, formatMoney } from '../../../shared/format';
import { call } from '../api';
import { BarChart } from '../components/BarChart';
import { ErrorNotice } from '../components/ErrorNotice';
import { useLoad } from '../hooks';
import { RECORD_STATE_WORDS } from '../../../shared/record-state';

const STATE_LABEL: Record<IntegrationStatus['state'], string> = {
  idle: 'Not synced yet',
  syncing: 'Syncing…',
  ok: 'Up to date',
  error: 'Last sync failed',
  needs_reauth: 'Ascora refused the API key',
  disconnected: 'Disconnected',
};

export function Dashboard({ integration }: { integration: IntegrationStatus }) {
  const summary = useLoad<DashboardSummary>(
    () => call('dashboard.summary', { integrationId: integration.id }),
    [integration.id, integration.lastSyncAt],
  );
  const s = summary.value;
  return (
    <section aria-labelledby="dashboard-title" className="screen">
      <h1 id="dashboard-title">Dashboard</h1>
      <div className="cards">
        <Stat
          label="Connection"
          value={integration.online ? STATE_LABEL[integration.state] : 'Offline'}
          detail={integration.displayName}
        />
        <Stat
          label="Last successful sync"
          value={formatDateTime(integration.lastSuccessAt)}
          detail={integration.lastError ?? ''}
        />
        <Stat label={RECORD_STATE_WORDS.waiting.label} value={String(integration.pendingCount)} />
        {/* The same count as the sidebar and the Sync centre's "Needs attention": changes refused or to check, and conflicts. */}
        <Stat
          label="Need attention"
          value={String(integration.failedCount + integration.conflictCount)}
          tone={integration.failedCount > 0 ? 'bad' : integration.conflictCount > 0 ? 'warn' : undefined}
          detail={`${integration.failedCount} refused or to check · ${integration.conflictCount} ${RECORD_STATE_WORDS.conflict.label.toLowerCase()}`}
        />
        {s ? (
          <>
            <Stat label="Jobs" value={s.jobCount.toLocaleString('en-AU')} />
            <Stat label="Customers" value={s.customerCount.toLocaleString('en-AU')} />
            <Stat label="Invoices to export" value={s.invoiceCount.toLocaleString('en-AU')} />
          </>
        ) : null}
      </div>
      <ErrorNotice error={summary.error} />
      {s ? (
        <div className="charts">
          <BarChart
            title="Jobs by status"
            rows={s.jobsByStatus.map((r) => ({
              label: r.status,
              value: r.count,
              display: r.count.toLocaleString('en-AU'),
            }))}
          />
          <BarChart
            title="Invoice value outstanding by age (days since invoice)"
            rows={s.invoiceAgeing.map((r) => ({
              label: `${r.bucket} days`,
              value: r.amountCents,
              display: formatMoney(r.amountCents),
            }))}
          />
        </div>
      ) : null}
    </section>
  );
}

function Stat({
  label,
  value,
  detail,
  tone,
}: {
  label: string;
  value: string;
  detail?: string;
  tone?: 'bad' | 'warn';
}) {
  return (
    <div className={`stat ${tone ?? ''}`}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {detail ? <div className="stat-detail">{detail}</div> : null}
    </div>
  );
}
