/**
 * The tray menu as plain data, rebuilt from the sync state of every connection; the shell turns it
 * into an Electron Menu. One connection: "Sync now" and its status line. Several: each has its
 * own line and its own "Sync … now", and the icon shows the one that most needs a look.
 */
import type { IntegrationStatus } from '../../shared/domain';
import { formatDateTime } from '../../shared/format';

export type TrayIconState = 'idle' | 'syncing' | 'error' | 'offline';

export interface TrayMenuItem {
  id: 'sync-now' | 'status' | 'open' | 'quit' | 'separator';
  label: string;
  enabled: boolean;
  /** The connection a "Sync now" or a status line is about. */
  integrationId?: number;
}

export interface TrayModel {
  icon: TrayIconState;
  tooltip: string;
  items: TrayMenuItem[];
}

function iconOf(status: IntegrationStatus): TrayIconState {
  // A connection its person disconnected is not a problem to flag.
  if (status.state === 'disconnected') return 'idle';
  if (status.state === 'syncing') return 'syncing';
  if (!status.online) return 'offline';
  if (status.state === 'error' || status.state === 'needs_reauth' || status.failedCount > 0) return 'error';
  return 'idle';
}

/** Syncing shows first (it will change soon), then offline, then errors. */
const ICON_ORDER: TrayIconState[] = ['syncing', 'offline', 'error', 'idle'];

export function trayIconState(statuses: IntegrationStatus[]): TrayIconState {
  const icons = statuses.map(iconOf);
  return ICON_ORDER.find((icon) => icons.includes(icon)) ?? 'idle';
}

export function statusLine(status: IntegrationStatus | null): string {
  if (!status) return 'Not connected to Ascora';
  if (status.state === 'disconnected') return 'Disconnected: connect again in Settings';
  if (status.state === 'needs_reauth') return 'Ascora refused the API key: reconnect';
  const parts = [status.lastSuccessAt ? `Last synced ${formatDateTime(status.lastSuccessAt)}` : 'Never synced'];
  parts.push(`${status.pendingCount} pending`);
  if (status.failedCount > 0) parts.push(`${status.failedCount} failed`);
  if (status.conflictCount > 0) parts.push(`${status.conflictCount} conflicts`);
  if (!status.online) parts.push('offline');
  return parts.join(' · ');
}

function syncItem(status: IntegrationStatus, label: (syncing: boolean) => string): TrayMenuItem {
  const syncing = status.state === 'syncing';
  return {
    id: 'sync-now',
    label: label(syncing),
    enabled: !syncing && status.state !== 'disconnected',
    integrationId: status.id,
  };
}

export function buildTrayModel(statuses: IntegrationStatus[]): TrayModel {
  const app: TrayMenuItem[] = [
    { id: 'separator', label: '', enabled: false },
    { id: 'open', label: 'Open RestoreAssist Desk', enabled: true },
    { id: 'quit', label: 'Quit', enabled: true },
  ];
  const [only] = statuses;
  if (statuses.length <= 1) {
    const line = statusLine(only ?? null);
    return {
      icon: trayIconState(statuses),
      tooltip: `RestoreAssist Desk: ${line}`,
      items: [
        only
          ? syncItem(only, (syncing) => (syncing ? 'Syncing…' : 'Sync now'))
          : { id: 'sync-now', label: 'Sync now', enabled: false },
        { id: 'status', label: line, enabled: false, ...(only ? { integrationId: only.id } : {}) },
        ...app,
      ],
    };
  }
  const perConnection = statuses.flatMap((status): TrayMenuItem[] => [
    syncItem(status, (syncing) => (syncing ? `${status.displayName}: syncing…` : `Sync ${status.displayName} now`)),
    {
      id: 'status',
      label: `${status.displayName}: ${statusLine(status)}`,
      enabled: false,
      integrationId: status.id,
    },
  ]);
  return {
    icon: trayIconState(statuses),
    tooltip: `RestoreAssist Desk: ${statuses.map((s) => `${s.displayName}: ${statusLine(s)}`).join('; ')}`,
    items: [...perConnection, ...app],
  };
}
