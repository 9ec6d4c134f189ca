/** What the desktop notification says, as plain data: after a sync from the tray, and when a sync fails. */
import type { IntegrationStatus, SyncRunSummary } from '../../shared/domain';

export interface NotificationText {
  title: string;
  body: string;
}

/** A sync the person started from the tray: always tell how it went (the window may be hidden). */
export function manualSyncNotification(summary: SyncRunSummary): NotificationText {
  if (summary.status === 'failed') return { title: 'Sync failed', body: summary.message };
  if (summary.status === 'partial')
    return {
      title: 'Sync finished with problems',
      body: `${summary.message} Open the Sync centre to see what failed.`,
    };
  return { title: 'Sync finished', body: summary.message };
}

/** Any sync (scheduled or triggered) that ends in failure: once, as the state turns to error. */
export function failureNotification(
  previous: IntegrationStatus | null,
  next: IntegrationStatus,
): NotificationText | null {
  const failedNow = next.state === 'error' || next.state === 'needs_reauth';
  const failedBefore = previous !== null && (previous.state === 'error' || previous.state === 'needs_reauth');
  if (!failedNow || failedBefore) return null;
  if (next.state === 'needs_reauth')
    return {
      title: 'Ascora refused the API key',
      body: 'Open RestoreAssist Desk and connect again. Your changes are kept.',
    };
  return { title: 'Sync failed', body: next.lastError ?? 'Open the Sync centre for details. Your changes are kept.' };
}
