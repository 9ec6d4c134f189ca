import type { SyncState } from '../../../shared/domain';

const LABEL: Record<SyncState, string> = {
  synced: 'Synced',
  pending: 'Pending',
  conflict: 'Conflict',
  failed: 'Failed',
  local_only: 'Local only',
};

const TITLE: Record<SyncState, string> = {
  synced: 'The same as in Ascora',
  pending: 'Saved here; will be sent to Ascora on the next sync',
  conflict: 'Changed here and in Ascora: choose which to keep',
  failed: 'Ascora refused it: see the error',
  local_only: 'Has changes Ascora cannot take (kept in RestoreAssist Desk only)',
};

export function SyncBadge({ state }: { state: SyncState }) {
  return (
    <span className={`badge badge-${state}`} title={TITLE[state]}>
      {LABEL[state]}
    </span>
  );
}
