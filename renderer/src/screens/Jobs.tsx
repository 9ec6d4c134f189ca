/** Jobs: a virtualised list of any size, search as you type, filters, sort, batch status, CSV, detail. */
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import type { InputOf } from '../../../shared/contract';
import type { JobRow, JobStatusBefore, LastSyncChange } from '../../../shared/domain';
import { jobStatusWords, RECORD_FILTERS, RECORD_STATE_WORDS, type RecordFilter } from '../../../shared/record-state';
import { formatDate, formatMoney } from '../../../shared/format';
import { call } from '../api';
import { Confirm } from '../components/Confirm';
import { DataTable, countText, type ListColumn } from '../components/DataTable';
import { EmptyList } from '../components/EmptyList';
import { DayField } from '../components/Field';
import { ErrorNotice } from '../components/ErrorNotice';
import { stateColumn } from '../components/SyncBadge';
import { TwoLineText } from '../components/TwoLineText';
import { exportAll } from '../components/csv';
import { useCsvExport } from '../components/CsvExport';
import { jobsCsv } from '../components/csv-lists';
import { useDebounced } from '../hooks';
import { fetchCore, useCoreQuery, useListGeneration } from '../cache';
import { useRecordSteps } from '../components/record-steps';
import { filterFor, focusOn, useClearedForFocus, useScreenState, useSession } from '../stores/session';
import { JobDetailPanel } from './job-detail/JobDetailPanel';

type Sort = NonNullable<InputOf<'jobs.list'>['sort']>;

const jobNumber = (r: JobRow) => r.jobNumber ?? 'not yet numbered';
const statusOf = (r: JobRow) => r.localStatusText ?? jobStatusWords(r);

const COLUMNS: ListColumn<JobRow>[] = [
  {
    id: 'number',
    label: 'Job',
    width: 76,
    sortKey: 'jobNumber',
    text: (r) => r.jobNumber ?? 'not yet',
    render: (r) => r.jobNumber ?? <em className="muted">not yet</em>,
  },
  // The name has the most of the width (and two lines) beside an open job: it is what a person reads.
  {
    id: 'name',
    label: 'Name',
    width: '4fr',
    minWidth: 120,
    sortKey: 'jobName',
    text: (r) => r.jobName,
    render: (r) => <TwoLineText text={r.jobName} />,
  },
  {
    id: 'customer',
    label: 'Customer',
    width: '2fr',
    minWidth: 100,
    sortKey: 'customerName',
    text: (r) => r.customerName ?? '',
    render: (r) => <TwoLineText text={r.customerName ?? ''} />,
  },
  { id: 'suburb', label: 'Suburb', width: 130, secondary: true, sortKey: 'suburb', text: (r) => r.suburb ?? '' },
  { id: 'status', label: 'Status', width: 112, sortKey: 'status', text: statusOf },
  {
    id: 'created',
    label: 'Created',
    width: 104,
    secondary: true,
    sortKey: 'dateCreated',
    text: (r) => formatDate(r.dateCreated),
  },
  {
    id: 'total',
    label: 'Total (inc GST)',
    width: 140,
    secondary: true,
    money: true,
    text: (r) => formatMoney(r.totalIncTaxCents),
  },
  stateColumn<JobRow>(),
];

const NOUN = { one: 'job', many: 'jobs' };
const NO_STATUSES: string[] = [];
/** Rows a page: the first page is the one the list's generation watches (useListGeneration). */
const PAGE_SIZE = 500;

export function Jobs({ integrationId }: { integrationId: number }) {
  // Opened from a figure on the Today screen: the list starts filtered as the figure counted.
  const [initial] = useState(() => filterFor('jobs'));
  const [search, setSearch] = useScreenState('jobs', 'search', '');
  const searchBox = useRef<HTMLInputElement>(null);
  const [statusText, setStatusText] = useState(initial.statusText ?? '');
  const [createdFrom, setCreatedFrom] = useState(initial.createdFrom ?? '');
  const [createdTo, setCreatedTo] = useState(initial.createdTo ?? '');
  const [lastSync, setLastSync] = useState<LastSyncChange | null>(initial.lastSync ?? null);
  const [syncState, setSyncState] = useState<string>(initial.recordState ?? '');
  const [sort, setSort] = useState<{ key: Sort; direction: 'asc' | 'desc' }>({ key: 'dateCreated', direction: 'desc' });
  // Kept while away; a link elsewhere (the Sync centre, the palette) opens its job here too.
  const [openId, setOpenId] = useScreenState<number | null>('jobs', 'openId', focusOn('job'));
  const [selection, setSelection] = useState<Set<number>>(new Set());
  const [loaded, setLoaded] = useState<{ rows: JobRow[]; total: number | null }>({ rows: [], total: null });
  const [batchStatus, setBatchStatus] = useState('');
  const [confirming, setConfirming] = useState(false);
  // The last batch change, while it can be undone: what each job had before it.
  const [lastBatch, setLastBatch] = useState<{ message: string; previous: JobStatusBefore[] } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const debouncedSearch = useDebounced(search, 200);
  const ids = { search: useId(), status: useId(), sync: useId(), batch: useId() };

  const statusList = useCoreQuery('jobs.statuses', { integrationId });
  const statuses = statusList.data ?? NO_STATUSES;

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
  const load = useCallback(
    (cursor: string | null) => fetchCore('jobs.list', { ...query, cursor, limit: PAGE_SIZE }),
    [query],
  );
  // Starts the list again from the top when a change in the core made its pages stale.
  const generation = useListGeneration('jobs.list', { ...query, cursor: null, limit: PAGE_SIZE });
  const onRows = useCallback((rows: JobRow[], total: number | null) => setLoaded({ rows, total }), []);
  const filtered = Boolean(statusText || createdFrom || createdTo || syncState || lastSync);
  const clearAll = () => {
    setSearch('');
    setStatusText('');
    setCreatedFrom('');
    setCreatedTo('');
    setSyncState('');
    setLastSync(null);
  };
  useClearedForFocus('job', clearAll);

  const onSort = (key: string) =>
    setSort((s) =>
      s.key === key
        ? { key: s.key, direction: s.direction === 'asc' ? 'desc' : 'asc' }
        : { key: key as Sort, direction: key === 'dateCreated' ? 'desc' : 'asc' },
    );

  const csv = useCsvExport({
    list: 'jobs',
    scope: { search, filtered },
    load: (cursor) => call('jobs.list', { ...query, search, cursor, limit: 500 }),
    details: (jobIds) => call('jobs.exportDetails', { ids: jobIds }),
    toCsv: jobsCsv,
  });

  /** Every job the search and filters match, beyond the rows loaded so far. */
  async function selectAllMatching() {
    try {
      const all = await exportAll(
        (cursor) => call('jobs.list', { ...query, cursor, limit: 500 }),
        () => undefined,
      );
      setSelection(new Set(all.map((r) => r.id)));
    } catch (e) {
      setError(e);
    }
  }

  async function applyBatch() {
    const status = batchStatus.trim();
    try {
      const result = await call('jobs.batchUpdateStatus', { jobIds: [...selection], statusText: status });
      setLastBatch({ message: `${countText(result.updated, NOUN)} updated to '${status}'`, previous: result.previous });
      setSelection(new Set());
      setBatchStatus('');
      setConfirming(false);
      setError(null);
    } catch (e) {
      setError(e);
      setConfirming(false);
    }
  }

  async function undoBatch() {
    if (!lastBatch) return;
    try {
      const result = await call('jobs.restoreStatuses', { jobs: lastBatch.previous });
      setLastBatch(null);
      setNotice(`Undone: ${countText(result.restored, NOUN)} back to their earlier status`);
    } catch (e) {
      setError(e);
    }
  }

  // Another job, or none: asked first while a note is begun in the open one (JobDetail's Notes).
  const show = (id: number | null) => useSession.getState().leave(() => setOpenId(id));
  const stepSaid = useRecordSteps({
    rows: loaded.rows,
    openId,
    open: (row) => show(row.id),
    describe: (row) => `Job ${jobNumber(row)}, ${row.jobName}`,
    noun: NOUN,
  });

  const moreThanLoaded =
    loaded.total !== null && loaded.total > selection.size && selection.size === loaded.rows.length;
  return (
    <section className="screen screen-split" aria-labelledby="jobs-title">
      <div className="split-main">
        <h1 id="jobs-title">Jobs</h1>
        <div className="toolbar" role="search">
          <div className="field grow">
            <label htmlFor={ids.search}>Search</label>
            <input
              ref={searchBox}
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
          {/* dd/mm/yyyy in any browser language, like every other date in the app */}
          <div className="field">
            <DayField label="Created from" value={createdFrom} onChange={setCreatedFrom} />
          </div>
          <div className="field">
            <DayField label="Created to" value={createdTo} onChange={setCreatedTo} />
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
          <button type="button" className="secondary" onClick={() => void csv.run()} disabled={csv.busy}>
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
        {csv.status}
        <div aria-live="polite">
          {notice ? <p className="notice notice-info">{notice}</p> : null}
          {lastBatch ? (
            <div className="notice notice-info batch-result">
              <span>{lastBatch.message}</span>
              <button type="button" className="secondary" onClick={() => void undoBatch()}>
                Undo
              </button>
            </div>
          ) : null}
        </div>
        {selection.size > 0 ? (
          <div className="batchbar" role="region" aria-label="Selected jobs">
            <span>{selection.size.toLocaleString('en-AU')} selected</span>
            {moreThanLoaded ? (
              <button type="button" className="link" onClick={() => void selectAllMatching()}>
                Select all {countText(loaded.total!, NOUN)}
              </button>
            ) : null}
            <label htmlFor={ids.batch}>New status (kept in the app only)</label>
            <input
              id={ids.batch}
              value={batchStatus}
              onChange={(e) => setBatchStatus(e.target.value)}
              onKeyDown={(e) => {
                if (e.key !== 'Enter' || !batchStatus.trim()) return;
                // Else the Enter's keypress would press the confirmation's Cancel, focused as it opens.
                e.preventDefault();
                setConfirming(true);
              }}
              list="job-statuses"
            />
            <datalist id="job-statuses">
              {statuses.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
            <button type="button" disabled={!batchStatus.trim()} onClick={() => setConfirming(true)}>
              Change status
            </button>
            <button type="button" className="secondary" onClick={() => setSelection(new Set())}>
              Clear selection
            </button>
          </div>
        ) : null}
        {confirming ? (
          <Confirm
            label="Change the status of the selected jobs"
            confirmLabel="Change status"
            cancelLabel="Cancel"
            danger={false}
            onConfirm={applyBatch}
            onCancel={() => setConfirming(false)}
          >
            Change {countText(selection.size, NOUN)} to '{batchStatus.trim()}'? The status is kept in the app only
            (Ascora&apos;s API cannot take it); you can undo it.
          </Confirm>
        ) : null}
        <ErrorNotice error={error ?? statusList.error} />
        <DataTable
          label="Jobs"
          searchBox={searchBox}
          listId="jobs"
          noun={NOUN}
          columns={COLUMNS}
          queryKey={JSON.stringify(query)}
          version={generation}
          load={load}
          onOpen={(row) => show(row.id)}
          openId={openId}
          compact={openId !== null}
          sort={sort}
          onSort={onSort}
          rowName={jobNumber}
          selection={selection}
          onSelectionChange={setSelection}
          onRows={onRows}
          empty={(nothingSearchable) => (
            <EmptyList
              nothingSearchable={nothingSearchable}
              noun="jobs"
              search={debouncedSearch}
              filtered={filtered}
              onClear={clearAll}
              none="No jobs yet: they arrive with the first sync."
            />
          )}
        />
      </div>
      {openId !== null ? <JobDetailPanel jobId={openId} onClose={() => show(null)} /> : null}
      <p role="status" className="sr-only">
        {stepSaid}
      </p>
    </section>
  );
}
