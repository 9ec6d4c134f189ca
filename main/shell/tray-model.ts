/** The tray menu as plain data, rebuilt from sync state; the shell turns it into an Electron Menu. */
import type { IntegrationStatus } from '../../shared/domain';
import { formatDateTime } from '../../shared/format';

export type TrayIconState = 'idle' | 'syncing' | 'error' | 'offline';

export interface TrayMenuItem {
  id: 'sync-now' | 'status' | 'open' | 'quit' | 'separator';
  label: string;
  enabled: boolean;
}

export interface TrayModel {
  icon: TrayIconState;
  tooltip: string;
  items: TrayMenuItem[];
}

export function trayIconState(status: IntegrationStatus | null): TrayIconState {
  if (!status) return 'idle';
  if (status.state === 'syncing') return 'syncing';
  if (!status.online) return 'offline';
  if (status.state === 'error' || status.state === 'needs_reauth' || status.failedCount > 0) return 'error';
  return 'idle';
}

export function statusLine(status: IntegrationStatus | null): string {
  if (!status) return 'Not connected to Ascora';
  if (status.state === 'needs_reauth') return 'Ascora refused the API key: reconnect';
  const parts = [status.lastSuccessAt ? `Last synced ${formatDateTime(status.lastSuccessAt)}` : 'Never synced'];
  parts.push(`${status.pendingCount} pending`);
  if (status.failedCount > 0) parts.push(`${status.failedCount} failed`);
  if (status.conflictCount > 0) parts.push(`${status.conflictCount} conflicts`);
  if (!status.online) parts.push('offline');
  return parts.join(' · ');
}

export function buildTrayModel(status: IntegrationStatus | null): TrayModel {
  const syncing = status?.state === 'syncing';
  const line = statusLine(status);
  return {
    icon: trayIconState(status),
    tooltip: `RestoreAssist Desk: ${line}`,
    items: [
      { id: 'sync-now', label: syncing ? 'Syncing…' : 'Sync now', enabled: !!status && !syncing },
      { id: 'status', label: line, enabled: false },
      { id: 'separator', label: '', enabled: false },
      { id: 'open', label: 'Open RestoreAssist Desk', enabled: true },
      { id: 'quit', label: 'Quit', enabled: true },
    ],
  };
}
