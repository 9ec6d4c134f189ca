/** Jobs: a virtualised list of any size, search as you type, filters, sort, batch status, CSV, detail. */
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { InputOf } from '../../../shared/contract';
import type { JobRow, LastSyncChange } from '../../../shared/domain';
import { jobStatusWords, RECORD_FILTERS, RECORD_STATE_WORDS, type RecordFilter } from '../../../shared/record-state';
import { formatDate, formatMoney } from '../../../shared/format';
import { plainDollars } from '../../../shared/money';
import { call } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { SyncBadge } from '../components/SyncBadge';
import { download, exportAll, toCsv } from '../components/csv';
import { VirtualList, type Column } from '../components/VirtualList';
import { useDebounced } from '../hooks';
import { useChangeCounter } from '../stores/live';
import { filterFor, focusOn, useScreenState } from '../stores/session';
import { JobDetailPanel } from './JobDetail';

type Sort = NonNullable<InputOf<'jobs.list'>['sort']>;

const COLUMNS: Column<JobRow>[] = [
  {
    key: 'number',
    label: 'Job',
    width: '90px',
    sortKey: 'jobNumber',
    render: (r) => r.jobNumber ?? <em className="muted">not yet</em>,
  },
  { key: 'name', label: 'Name', width: 'minmax(140px, 3fr)', sortKey: 'jobName', render: (r) => r.jobName },
  { key: 'customer', label: 'Customer', width: 'minmax(110px, 1.5fr)', render: (r) => r.customerName ?? '' },
  { key: 'suburb', label: 'Suburb', width: '130px', secondary: true, render: (r) => r.suburb ?? '' },
  {
    key: 'status',
    label: 'Status',
    width: '120px',
    sortKey: 'status',
    render: (r) => r.localStatusText ?? jobStatusWords(r),
  },
  {
    key: 'created',
    label: 'Created',
    width: '100px',
    secondary: true,
    sortKey: 'dateCreated',
    render: (r) => formatDate(r.dateCreated),
  },
  {
    key: 'total',
    label: 'Total (inc GST)',
    width: '120px',
    secondary: true,
    render: (r) => <span className="num">{formatMoney(r.totalIncTaxCents)}</span>,
  },
  { key: 'sync', label: 'Ascora', width: 'minmax(150px, 170px)', render: (r) => <SyncBadge record={r} /> },
];

export function Jobs({ integrationId }: { integrationId: number }) {
  // Opened from a figure on the Today screen: the list starts filtered as the figure counted.
  const [initial] = useState(() => filterFor('jobs'));
  const [search, setSearch] = useScreenState('jobs', 'search', '');
  const [statusText, setStatusText] = useState(initial.statusText ?? '');
  const [createdFrom, setCreatedFrom] = useState(initial.createdFrom ?? '');
  const [createdTo, setCreatedTo] = useState(initial.createdTo ?? '');
  const [lastSync, setLastSync] = useState<LastSyncChange | null>(initial.lastSync ?? null);
  const [syncState, setSyncState] = useState('');
  const [sort, setSort] = useState<{ key: Sort; direction: 'asc' | 'desc' }>({ key: 'dateCreated', direction: 'desc' });
  const [statuses, setStatuses] = useState<string[]>([]);
  // Kept while away; a link elsewhere (the Sync centre, the palette) opens its job here too.
  const [openId, setOpenId] = useScreenState<number | null>('jobs', 'openId', focusOn('job'));
  const [selection, setSelection] = useState<Set<number>>(new Set());
  const [batchStatus, setBatchStatus] = useState('');
  const [exporting, setExporting] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const changes = useChangeCounter('job');
  const debouncedSearch = useDebounced(search, 200);
  const ids = { search: useId(), status: useId(), from: useId(), to: useId(), sync: useId(), batch: useId() };

  useEffect(() => {
    call('jobs.statuses', { integrationId }).then(setStatuses, setError);
  }, [integrationId, changes]);

  const query = useMemo(
    () => ({
      integrationId,
      search: debouncedSearch,
      statusText: statusText || null,
      createdFrom: createdFrom || null,
      createdTo: createdTo || null,
      recordState: (syncState || null) as RecordFilter | null,
      lastSync,
      sort: sort.key,
      direction: sort.direction,
    }),
    [integrationId, debouncedSearch, statusText, createdFrom, createdTo, syncState, lastSync, sort],
  );
  const load = useCallback((cursor: string | null) => call('jobs.list', { ...query, cursor, limit: 100 }), [query]);

  const onSort = (key: string) =>
    setSort((s) =>
      s.key === key
        ? { key: s.key, direction: s.direction === 'asc' ? 'desc' : 'asc' }
        : { key: key as Sort, direction: key === 'dateCreated' ? 'desc' : 'asc' },
    );

  async function exportCsv() {
    setExporting('Exporting…');
    try {
      const rows = await exportAll(
        (cursor) => call('jobs.list', { ...query, cursor, limit: 500 }),
        (done, total) => setExporting(`Exporting ${done.toLocaleString('en-AU')} of ${total.toLocaleString('en-AU')}…`),
      );
      download(
        'jobs.csv',
        toCsv(
          ['Job number', 'Name', 'Customer', 'Suburb', 'State', 'Status', 'Created', 'Total inc GST (AUD)', 'Sync'],
          rows.map((r) => [
            r.jobNumber,
            r.jobName,
            r.customerName,
            r.suburb,
            r.state,
            r.localStatusText ?? jobStatusWords(r),
            formatDate(r.dateCreated),
            r.totalIncTaxCents === null ? '' : plainDollars(r.totalIncTaxCents),
            r.syncState,
          ]),
        ),
      );
    } catch (e) {
      setError(e);
    } finally {
      setExporting(null);
    }
  }

  async function applyBatch() {
    try {
      await call('jobs.batchUpdateStatus', { jobIds: [...selection], statusText: batchStatus });
      setSelection(new Set());
      setBatchStatus('');
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="screen screen-split" aria-labelledby="jobs-title">
      <div className="split-main">
        <h1 id="jobs-title">Jobs</h1>
        <div className="toolbar" role="search">
          <div className="field grow">
            <label htmlFor={ids.search}>Search</label>
            <input
              id={ids.search}
              type="search"
              placeholder="Job number, name, customer, suburb, claim…"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.status}>Status</label>
            <select id={ids.status} value={statusText} onChange={(e) => setStatusText(e.target.value)}>
              <option value="">Any status</option>
              {statuses.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.from}>Created from</label>
            <input id={ids.from} type="date" value={createdFrom} onChange={(e) => setCreatedFrom(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.to}>Created to</label>
            <input id={ids.to} type="date" value={createdTo} onChange={(e) => setCreatedTo(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.sync}>Sync</label>
            <select id={ids.sync} value={syncState} onChange={(e) => setSyncState(e.target.value)}>
              <option value="">Any</option>
              {RECORD_FILTERS.map((f) => (
                <option key={f} value={f}>
                  {RECORD_STATE_WORDS[f].label}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="secondary" onClick={() => void exportCsv()} disabled={exporting !== null}>
            Export CSV
          </button>
        </div>
        {lastSync ? (
          <p className="filter-chip">
            {lastSync === 'new' ? 'New jobs from the last sync' : 'Jobs Ascora changed, from the last sync'}{' '}
            <button type="button" className="link" onClick={() => setLastSync(null)}>
              Show all jobs
            </button>
          </p>
        ) : null}
        {exporting ? (
          <p aria-live="polite" className="hint">
            {exporting}
          </p>
        ) : null}
        {selection.size > 0 ? (
          <div className="batchbar" role="region" aria-label="Selected jobs">
            <span>{selection.size} selected</span>
            <label htmlFor={ids.batch}>New status (kept in the app only)</label>
            <input
              id={ids.batch}
              value={batchStatus}
              onChange={(e) => setBatchStatus(e.target.value)}
              list="job-statuses"
            />
            <datalist id="job-statuses">
              {statuses.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
            <button type="button" disabled={!batchStatus.trim()} onClick={() => void applyBatch()}>
              Change status
            </button>
            <button type="button" className="secondary" onClick={() => setSelection(new Set())}>
              Clear selection
            </button>
          </div>
        ) : null}
        <ErrorNotice error={error} />
        <VirtualList
          label="Jobs"
          columns={COLUMNS}
          queryKey={`${JSON.stringify(query)}#${changes}`}
          load={load}
          onOpen={(row) => setOpenId(row.id)}
          selectedId={openId}
          compact={openId !== null}
          sort={sort}
          onSort={onSort}
          selection={selection}
          onToggleSelect={(id) =>
            setSelection((s) => {
              const next = new Set(s);
              if (next.has(id)) next.delete(id);
              else next.add(id);
              return next;
            })
          }
        />
      </div>
      {openId !== null ? <JobDetailPanel jobId={openId} onClose={() => setOpenId(null)} /> : null}
    </section>
  );
}
