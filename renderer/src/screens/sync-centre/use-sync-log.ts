import { useMemo, useState } from 'react';
import type { LogKind, LogStatus, Page, SyncLogRow } from '../../../../shared/domain';
import { call } from '../../api';
import { useCoreQuery } from '../../cache';
import { useDebounced } from '../../hooks';
import { LOG_PAGE } from './log-words';

/** The sync log's filters, its first page (from the cache) and the older pages asked for after it. */
export function useSyncLog(integrationId: number) {
  const [status, setStatus] = useState<'' | LogStatus>('');
  const [kind, setKind] = useState<'' | LogKind>('');
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText, 250);
  const query = useMemo(
    () => ({ integrationId, status: status || null, kind: kind || null, search }),
    [integrationId, status, kind, search],
  );
  const logs = useCoreQuery('logs.list', { ...query, limit: LOG_PAGE }, { keepPrevious: true });
  // Older pages asked for with "Show older entries", for the first page they follow (a new first page starts again).
  const [older, setOlder] = useState<{ after: Page<SyncLogRow>; rows: SyncLogRow[]; cursor: string | null } | null>(
    null,
  );
  const olderNow = older && older.after === logs.data ? older : null;
  const rows = [...(logs.data?.rows ?? []), ...(olderNow?.rows ?? [])];
  const nextCursor = olderNow ? olderNow.cursor : (logs.data?.nextCursor ?? null);

  async function showOlder() {
    const first = logs.data!;
    const page = await call('logs.list', { ...query, cursor: nextCursor, limit: LOG_PAGE });
    setOlder({ after: first, rows: [...(olderNow?.rows ?? []), ...page.rows], cursor: page.nextCursor });
  }

  return {
    filters: { status, setStatus, kind, setKind, searchText, setSearchText },
    query,
    logs,
    rows,
    nextCursor,
    showOlder,
  };
}

export type SyncLogState = ReturnType<typeof useSyncLog>;
