import type { SyncStatus } from '../../../../shared/domain';
import { formatDateTime } from '../../../../shared/format';
import { call } from '../../api';
import { SyncProgress } from '../../components/SyncProgress';
import { useSyncRunning } from '../../stores/live';
import { useActiveIntegration } from '../../stores/session';

/** Sync now (quick or a full check), retry what failed, the progress, and when the last and next full checks are. */
export function SyncNowCard({
  integrationId,
  full,
  message,
  setMessage,
  act,
}: {
  integrationId: number;
  /** sync.status's answer, once it has come. */
  full: SyncStatus | undefined;
  message: string | null;
  setMessage(message: string): void;
  act(fn: () => Promise<unknown>): Promise<void>;
}) {
  const integration = useActiveIntegration();
  const running = useSyncRunning(integrationId);
  const needsPerson = integration?.needsPersonCount ?? 0;
  return (
    <div className="card">
      <h2>Sync with Ascora</h2>
      <p className="hint">
        {integration?.pendingCount ?? 0} waiting to send · {needsPerson} need attention · last success{' '}
        {formatDateTime(integration?.lastSuccessAt)}
      </p>
      <p className="hint">
        Sync now sends your changes and fetches new and recent jobs. A full check also reads every older job, customer
        and invoice, so it finds what others changed or deleted in Ascora; one runs once a day (nightly), with the first
        sync after it is due.
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
  );
}
