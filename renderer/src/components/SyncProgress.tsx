/** One bar per phase and entity of the connection's running sync, from main's progress events. */
import { useSyncProgress, useSyncRunning } from '../stores/live';

const LABEL: Record<string, string> = {
  'push:': 'Sending changes',
  'pull:customers': 'Customers',
  'pull:jobs': 'Jobs',
  'pull:invoices': 'Invoices',
};

export function SyncProgress({ integrationId }: { integrationId: number }) {
  const running = useSyncRunning(integrationId);
  const progress = useSyncProgress(integrationId);
  const entries = Object.entries(progress);
  if (!running && entries.length === 0) return null;
  return (
    <div className="progress-list" aria-live="polite">
      {entries.map(([key, p]) => (
        <div key={key} className="progress-row">
          <span>{LABEL[key] ?? key}</span>
          {/* Without a total the bar is indeterminate while the run goes on; once it has finished
              there is nothing more to wait for, so it shows full rather than still moving. */}
          <progress
            value={p.total ? p.done : running ? undefined : 1}
            max={p.total || 1}
            aria-label={`${LABEL[key] ?? key} progress`}
          />
          <span className="num">
            {p.total
              ? `${p.done.toLocaleString('en-AU')} / ${p.total.toLocaleString('en-AU')}`
              : p.done.toLocaleString('en-AU')}
          </span>
        </div>
      ))}
      {!running ? <p className="hint">Finished.</p> : null}
    </div>
  );
}
