/**
 * The header's sync status for the connection on screen: how old the data is in words ("Synced 5
 * minutes ago", the exact time on hover), "Never synced", "Syncing…"; a warning a person cannot miss
 * when the data is older than STALE_AFTER_MS or the last sync failed; how many things need a person
 * ("Synced 2 minutes ago · 2 need attention", opening the Sync centre); and "Sync now" (the same
 * engine call as the tray's). A disconnected connection says so and offers Settings instead.
 */
import { formatDistanceStrict } from 'date-fns';
import { useEffect, useState, type ReactNode } from 'react';
import type { IntegrationStatus } from '../../../shared/domain';
import { formatDateTime } from '../../../shared/format';
import { call } from '../api';
import { useSyncRunning } from '../stores/live';
import { useSession } from '../stores/session';
import { ErrorNotice } from './ErrorNotice';

/** Data older than this is flagged: a scheduled sync runs every 15 minutes, so something is wrong. */
export const STALE_AFTER_MS = 4 * 60 * 60_000;
/** The words are redrawn this often ("Synced 5 minutes ago" becomes "6 minutes ago"). */
const REDRAW_EVERY_MS = 60_000;

/** "just now" under a minute, else "5 minutes ago", "3 hours ago", "2 days ago". */
export function agoInWords(iso: string, nowMs: number): string {
  const then = Date.parse(iso);
  if (nowMs - then < 60_000) return 'just now';
  return formatDistanceStrict(then, nowMs, { addSuffix: true, roundingMethod: 'floor' });
}

export function SyncStatus({ integration, children }: { integration: IntegrationStatus; children?: ReactNode }) {
  const running = useSyncRunning(integration.id) || integration.state === 'syncing';
  const setScreen = useSession((s) => s.setScreen);
  const [error, setError] = useState<unknown>(null);
  // Read each minute; a sync that ends meanwhile is newer than `now`, which reads "just now".
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), REDRAW_EVERY_MS);
    return () => clearInterval(timer);
  }, []);
  const last = integration.lastSuccessAt;
  const disconnected = integration.state === 'disconnected';

  const words = disconnected
    ? `${integration.displayName} is disconnected: nothing is synced.`
    : running
      ? 'Syncing…'
      : last
        ? `Synced ${agoInWords(last, now)}`
        : 'Never synced';
  const warning = warningFor(integration, running, now);

  return (
    <>
      {warning ? (
        <div className="banner banner-problem sync-warning" role="alert">
          {warning}{' '}
          <button type="button" className="link" onClick={() => setScreen('sync')}>
            Open the Sync centre
          </button>
        </div>
      ) : null}
      <div className="topbar-row">
        <span className="topbar-state" aria-live="polite">
          <span title={last ? `Last synced ${formatDateTime(last)}` : undefined}>{words}</span>
          {/* Next to how fresh the data is, so "Synced just now" never hides a refused change. */}
          {integration.needsPersonCount > 0 && !disconnected ? (
            <>
              {' · '}
              <button type="button" className="link needs-person" onClick={() => setScreen('sync')}>
                {integration.needsPersonCount} need attention
              </button>
            </>
          ) : null}
        </span>
        {children}
        {disconnected ? (
          <button type="button" className="secondary" onClick={() => setScreen('settings')}>
            Connect again in Settings
          </button>
        ) : (
          <button
            type="button"
            disabled={running}
            onClick={() => {
              setError(null);
              call('sync.now', { integrationId: integration.id }).catch(setError);
            }}
          >
            {running ? 'Syncing…' : 'Sync now'}
          </button>
        )}
      </div>
      <ErrorNotice error={error} />
    </>
  );
}

/** What needs a look, or null: a refused key, a failed last sync, or data older than STALE_AFTER_MS. */
function warningFor(integration: IntegrationStatus, running: boolean, now: number): string | null {
  if (integration.state === 'disconnected' || running) return null;
  if (integration.state === 'needs_reauth')
    return 'Ascora refused the API key, so nothing is synced. Enter a current key in Settings.';
  const last = integration.lastSuccessAt;
  const stale = last !== null && now - Date.parse(last) > STALE_AFTER_MS;
  // Offline has its own banner (App.tsx); a failure while online is said here, with its reason.
  const failed = integration.state === 'error' && integration.online;
  if (!failed && !stale) return null;
  const age = last ? `The data was last synced ${agoInWords(last, now)} (${formatDateTime(last)}).` : '';
  if (failed) return `The last sync failed: ${integration.lastError ?? 'see the Sync centre'} ${age}`.trim();
  return `${age} It may be out of date: try Sync now.`;
}
