/** Customers: virtualised list, detail, create and edit (validated by the contract), conflicts. */
import { useCallback, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { customerEditFieldsSchema, customerFieldShape, type CustomerFields } from '../../../shared/contract';
import { plainProblems, type FieldProblem } from '../../../shared/plain-words';
import { AU_STATES, CUSTOMER_FIELD_LABELS, type CustomerDetail, type CustomerRow } from '../../../shared/domain';
import { customerLabel, namesakeDetail } from '../../../shared/customer-names';
import { formatDate, formatMoney } from '../../../shared/format';
import { NO_GST_WORDS, remainingInWords } from '../../../shared/invoice-figures';
import { call } from '../api';
import { Confirm } from '../components/Confirm';
import { ContactLinks } from '../components/ContactLinks';
import { RecordLink } from '../components/RecordLink';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field, FormProblems, maxLengthOf, useProblems } from '../components/Field';
import { HeldChangeActions } from '../components/HeldCustomer';
import { MissingRecordActions } from '../components/MissingRecordActions';
import { stateColumn, SyncBadge } from '../components/SyncBadge';
import { RECORD_FILTERS, RECORD_STATE_WORDS, recordState, type RecordFilter } from '../../../shared/record-state';
import { CellText, DataTable, type ListColumn } from '../components/DataTable';
import { EmptyList } from '../components/EmptyList';
import { useCsvExport } from '../components/CsvExport';
import { customersCsv } from '../components/csv-lists';
import { fetchCore, useCoreQuery, useListGeneration } from '../cache';
import { useDebounced } from '../hooks';
import {
  filterFor,
  focusOn,
  useClearedForFocus,
  useScreenState,
  useSession,
  useUnsavedChangesGuard,
} from '../stores/session';
import { useRecordSteps } from '../components/record-steps';
import { ConflictView } from './ConflictView';
import './panels.css';
import { plainText } from '../../../shared/display-text';

const COLUMNS: ListColumn<CustomerRow>[] = [
  {
    id: 'name',
    label: 'Name',
    // Wider than Email: a shared name has its contact, suburb and phone beside it.
    width: '3fr',
    minWidth: 160,
    sortKey: 'customerName',
    // A name other customers share has what tells them apart beside it (contact, suburb, phone).
    text: (r) => customerLabel(r),
    render: (r) => <CellText text={r.customerName} detail={namesakeDetail(r)} />,
  },
  // Gives way while a customer is open, so a shared name keeps room for what tells it apart.
  { id: 'email', label: 'Email', width: '2fr', minWidth: 140, secondary: true, text: (r) => r.emailAddress },
  { id: 'phone', label: 'Phone', width: 140, text: (r) => r.phoneNumber || r.mobileNumber },
  { id: 'suburb', label: 'Suburb', width: 140, secondary: true, sortKey: 'streetSuburb', text: (r) => r.streetSuburb },
  { id: 'state', label: 'State', width: 80, secondary: true, text: (r) => r.streetState ?? '' },
  stateColumn<CustomerRow>(),
];

const NOUN = { one: 'customer', many: 'customers' };
/** Rows a page: the first page is the one the list's generation watches (useListGeneration). */
const PAGE_SIZE = 100;

export function Customers({ integrationId }: { integrationId: number }) {
  const [search, setSearch] = useScreenState('customers', 'search', '');
  const searchBox = useRef<HTMLInputElement>(null);
  const [state, setState] = useState('');
  // Opened from "No longer in Ascora" (Today, the Sync centre): the list starts filtered so.
  const [syncState, setSyncState] = useState<string>(() => filterFor('customers').recordState ?? '');
  const [sort, setSort] = useState<{ key: 'customerName' | 'streetSuburb'; direction: 'asc' | 'desc' }>({
    key: 'customerName',
    direction: 'asc',
  });
  const [open, setOpen] = useScreenState<number | 'new' | null>('customers', 'openId', focusOn('customer'));
  useClearedForFocus('customer', () => {
    setSearch('');
    setState('');
    setSyncState('');
  });
  // A new panel for each row the user opens; the same one when a new customer gets its id.
  const [panel, setPanel] = useState(0);
  // Another record replaces the open form, or the form closes: asked first when it has unsaved
  // changes (the customer form says so through useUnsavedChangesGuard).
  const show = (target: number | 'new' | null) => {
    if (target === open) return;
    useSession.getState().leave(() => {
      setOpen(target);
      if (target !== null) setPanel((n) => n + 1);
    });
  };
  const debounced = useDebounced(search, 200);
  const ids = { search: useId(), state: useId(), sync: useId() };
  const [rows, setRows] = useState<CustomerRow[]>([]);
  const stepSaid = useRecordSteps({
    rows,
    openId: typeof open === 'number' ? open : null,
    open: (row) => show(row.id),
    describe: (row) => `Customer ${row.customerName}`,
    noun: NOUN,
  });
  const query = useMemo(
    () => ({
      integrationId,
      search: debounced,
      state: (state || null) as CustomerFields['streetState'],
      recordState: (syncState || null) as RecordFilter | null,
      sort: sort.key,
      direction: sort.direction,
    }),
    [integrationId, debounced, state, syncState, sort],
  );
  const load = useCallback(
    (cursor: string | null) => fetchCore('customers.list', { ...query, cursor, limit: PAGE_SIZE }),
    [query],
  );
  // Starts the list again from the top when a change in the core made its pages stale.
  const generation = useListGeneration('customers.list', { ...query, cursor: null, limit: PAGE_SIZE });
  const csv = useCsvExport({
    list: 'customers',
    scope: { search, filtered: Boolean(state || syncState) },
    load: (cursor) => call('customers.list', { ...query, search, cursor, limit: 500 }),
    details: (customerIds) => call('customers.exportDetails', { ids: customerIds }),
    toCsv: customersCsv,
  });

  return (
    <section className="screen screen-split" aria-labelledby="customers-title">
      <div className="split-main">
        <h1 id="customers-title">Customers</h1>
        <div className="toolbar" role="search">
          <div className="field grow">
            <label htmlFor={ids.search}>Search</label>
            <input
              ref={searchBox}
              id={ids.search}
              type="search"
              placeholder="Name, company, email, phone, street…"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.state}>State</label>
            <select id={ids.state} value={state} onChange={(e) => setState(e.target.value)}>
              <option value="">Any</option>
              {AU_STATES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
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
          <button type="button" onClick={() => show('new')}>
            New customer
          </button>
        </div>
        {csv.status}
        <DataTable
          label="Customers"
          searchBox={searchBox}
          listId="customers"
          noun={NOUN}
          columns={COLUMNS}
          queryKey={JSON.stringify(query)}
          version={generation}
          load={load}
          onOpen={(r) => show(r.id)}
          openId={typeof open === 'number' ? open : null}
          compact={open !== null}
          sort={sort}
          onSort={(key) =>
            setSort((s) => ({
              key: key as typeof s.key,
              direction: s.key === key && s.direction === 'asc' ? 'desc' : 'asc',
            }))
          }
          rowName={(r) => customerLabel(r)}
          onRows={setRows}
          empty={(nothingSearchable) => (
            <EmptyList
              nothingSearchable={nothingSearchable}
              noun="customers"
              search={debounced}
              filtered={Boolean(state || syncState)}
              onClear={() => {
                setSearch('');
                setState('');
                setSyncState('');
              }}
              none="No customers yet: they arrive with the first sync."
            />
          )}
        />
      </div>
      {open !== null ? (
        <CustomerPanel
          key={panel}
          integrationId={integrationId}
          customerId={open === 'new' ? null : open}
          onClose={() => show(null)}
          onCreated={(id) => setOpen(id)}
        />
      ) : null}
      <p role="status" className="sr-only">
        {stepSaid}
      </p>
    </section>
  );
}

const EMPTY: CustomerFields = {
  customerNumber: '',
  companyName: '',
  contactFirstName: '',
  contactLastName: '',
  emailAddress: '',
  phoneNumber: '',
  mobileNumber: '',
  streetLine1: '',
  streetLine2: '',
  streetSuburb: '',
  streetState: null,
  streetPostcode: '',
  streetCountry: 'Australia',
};

export function CustomerPanel({
  integrationId,
  customerId,
  onClose,
  onCreated,
}: {
  integrationId: number;
  customerId: number | null;
  onClose(): void;
  onCreated(id: number): void;
}) {
  // A new customer has nothing to load yet.
  const detail = useCoreQuery('customers.get', { customerId: customerId ?? 0 }, { enabled: customerId !== null });
  const conflicts = useCoreQuery('conflicts.list', { integrationId });
  const [draft, setDraft] = useState<CustomerFields | null>(null);
  useUnsavedChangesGuard(draft !== null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const problems = useProblems();
  const d = (customerId !== null ? detail.data : null) ?? null;
  const fields: CustomerFields = draft ?? (d ? { ...EMPTY, ...pick(d) } : EMPTY);
  const conflict = d?.conflictId ? conflicts.data?.find((c) => c.id === d.conflictId) : undefined;

  const check = (next: CustomerFields) => customerProblems(next, d);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!problems.check(check(fields))) return;
    try {
      const result = customerId
        ? await call('customers.update', { customerId, fields })
        : await call('customers.create', { integrationId, fields });
      setDraft(null);
      setSaved(true);
      if (!customerId) onCreated(result.id);
    } catch (e) {
      if (!problems.fromError(e)) setError(e);
    }
  }

  function change(next: CustomerFields) {
    setSaved(false);
    setDraft(next);
    problems.recheck(check(next));
  }

  // A value Ascora sent that the app's pattern would refuse is kept and shown as it is, with a
  // gentle note: it is sent back unchanged unless the person changes it (then the pattern applies).
  const fromAscoraAsIs = (key: TextKey) =>
    !!d && fields[key] === d[key] && fields[key] !== '' && !customerFieldShape[key].safeParse(fields[key]).success;
  const input = (key: TextKey, type = 'text') => (
    <Field
      label={CUSTOMER_LABELS[key]}
      problem={problems.of(key)}
      value={fields[key]}
      maxLength={maxLengthOf(customerFieldShape[key])}
      note={
        fromAscoraAsIs(key)
          ? 'As Ascora has it, though it does not look right here. It is sent back unchanged unless you change it.'
          : null
      }
    >
      {(control) => (
        <input
          {...control}
          type={type === 'email' && fromAscoraAsIs(key) ? 'text' : type}
          value={fields[key]}
          onChange={(e) => change({ ...fields, [key]: e.target.value })}
        />
      )}
    </Field>
  );

  return (
    <aside className="split-detail" aria-label="Customer" tabIndex={-1}>
      <div className="detail-head">
        <h2>{customerId ? (d ? plainText(d.customerName) : 'Customer') : 'New customer'}</h2>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      <ErrorNotice error={detail.error} />
      {d ? (
        <p>
          <SyncBadge record={d} /> {RECORD_STATE_WORDS[recordState(d)].meaning}
        </p>
      ) : null}
      {d ? <MissingRecordActions entity="customer" record={d} onRemoved={onClose} /> : null}
      {d?.lastError ? (
        <div className="notice notice-error">
          {d.syncState === 'failed' ? `Refused by Ascora: ${d.lastError}` : d.lastError}
        </div>
      ) : null}
      {d?.change?.repairable && !conflict ? (
        <DiscardChange
          key={d.change.outboxId}
          customer={d}
          onDiscarded={(removed) => (removed ? onClose() : setDraft(null))}
        />
      ) : null}
      {d?.change?.state === 'check' && !conflict ? (
        <HeldChangeActions
          key={d.change.outboxId}
          customer={d}
          integrationId={integrationId}
          onSettled={(removed) => (removed ? onClose() : setDraft(null))}
        />
      ) : null}
      {conflict ? <ConflictView conflict={conflict} /> : null}
      {d ? <CustomerContactAndRecords customer={d} /> : null}
      {/* noValidate: the form shows every problem itself, beside its field, not the browser one at a time. */}
      <form onSubmit={(e) => void submit(e)} aria-label="Customer details" noValidate>
        <div className="form-grid">
          {input('contactFirstName')}
          {input('contactLastName')}
          {input('companyName')}
          {input('emailAddress', 'email')}
          {input('phoneNumber', 'tel')}
          {input('mobileNumber', 'tel')}
          {input('streetLine1')}
          {input('streetLine2')}
          {input('streetSuburb')}
          <Field label="State" problem={problems.of('streetState')}>
            {(control) => (
              <select
                {...control}
                value={fields.streetState ?? ''}
                onChange={(e) =>
                  change({ ...fields, streetState: (e.target.value || null) as CustomerFields['streetState'] })
                }
              >
                <option value="">—</option>
                {AU_STATES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            )}
          </Field>
          {input('streetPostcode')}
        </div>
        <FormProblems problems={problems.elsewhere(Object.keys(CUSTOMER_LABELS))} />
        <ErrorNotice error={error} />
        {/* Once the change is in Ascora the badge says so; "will be sent" would be stale. */}
        {saved && d?.syncState !== 'synced' ? (
          <p className="notice notice-ok" role="status">
            Saved. It will be sent to Ascora on the next sync.
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" disabled={!!conflict || (!!d?.remoteMissing && !!d.ascoraCustomerId)}>
            {customerId ? 'Save changes' : 'Create customer'}
          </button>
        </div>
      </form>
    </aside>
  );
}

type TextKey = Exclude<keyof CustomerFields, 'streetState'>;

/** The form's labels (shared with the core's messages); a problem names the field as the form does. */
const CUSTOMER_LABELS = CUSTOMER_FIELD_LABELS as Record<keyof CustomerFields, string>;

/**
 * Every problem with the form, as the core would find them: a field is checked against its
 * pattern when it is new or changed (a value as Ascora has it is sent back unchanged), every field
 * against its bounds, and a customer needs a name.
 */
function customerProblems(fields: CustomerFields, original: CustomerDetail | null): FieldProblem[] {
  const found: FieldProblem[] = [];
  for (const key of Object.keys(CUSTOMER_LABELS) as (keyof CustomerFields)[]) {
    if (original && fields[key] === (original[key] ?? null)) continue;
    const parsed = customerFieldShape[key].safeParse(fields[key]);
    if (!parsed.success)
      found.push(...plainProblems(parsed.error.issues, { '': CUSTOMER_LABELS[key] }).map((p) => ({ ...p, path: key })));
  }
  const whole = customerEditFieldsSchema.safeParse(fields);
  if (!whole.success)
    for (const problem of plainProblems(whole.error.issues, CUSTOMER_LABELS))
      if (!found.some((f) => f.path === problem.path)) found.push(problem);
  return found;
}

function pick(d: CustomerDetail): CustomerFields {
  return {
    customerNumber: d.customerNumber,
    companyName: d.companyName,
    contactFirstName: d.contactFirstName,
    contactLastName: d.contactLastName,
    emailAddress: d.emailAddress,
    phoneNumber: d.phoneNumber,
    mobileNumber: d.mobileNumber,
    streetLine1: d.streetLine1,
    streetLine2: d.streetLine2,
    streetSuburb: d.streetSuburb,
    streetState: d.streetState as CustomerFields['streetState'],
    streetPostcode: d.streetPostcode,
    streetCountry: d.streetCountry || 'Australia',
  };
}

/**
 * Take back a customer change Ascora has not got: an edit (the fields go back to Ascora's values,
 * listed first), or a customer created here (removed). Says what is lost before it happens.
 */
function DiscardChange({
  customer: d,
  onDiscarded,
}: {
  customer: CustomerDetail;
  onDiscarded(removed: boolean): void;
}) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const creating = d.change?.kind === 'create';
  const label = creating ? 'Discard this new customer' : 'Discard these changes';
  return (
    <div>
      {asking ? (
        <Confirm
          label={label}
          confirmLabel={label}
          onCancel={() => setAsking(false)}
          onConfirm={() =>
            call('customers.discardChange', { customerId: d.id }).then((r) => onDiscarded(r.removed), setError)
          }
        >
          {creating ? (
            <>
              Discard {plainText(d.customerName)}, created here? It has not reached Ascora: it is removed from this app
              and never sent.
            </>
          ) : (
            <>
              Discard your changes to {plainText(d.customerName)}? They have not reached Ascora. Each field goes back to
              what Ascora has:
              <ul>
                {d.unsentFields.map((f) => (
                  <li key={f.field}>
                    {f.label}: “{f.mine}” is lost, back to “{f.ascora}”
                  </li>
                ))}
              </ul>
            </>
          )}
          <span> The sync log keeps a line saying so.</span>
        </Confirm>
      ) : (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setAsking(true)}>
            {label}
          </button>
        </div>
      )}
      <ErrorNotice error={error} />
    </div>
  );
}

/** What a phone call needs: click to call or mail, and the customer's jobs and invoices (each opens). */
function CustomerContactAndRecords({ customer: d }: { customer: CustomerDetail }) {
  const related = useCoreQuery('customers.related', { customerId: d.id }, { plain: true });
  const r = related.data;
  const more = (shown: number, all: number, what: string) =>
    all > shown ? <p className="hint">{`The newest ${shown} of ${all.toLocaleString('en-AU')} ${what}.`}</p> : null;
  return (
    <>
      <section aria-labelledby={`customer-${d.id}-contact`}>
        <h3 id={`customer-${d.id}-contact`}>Contact</h3>
        <ContactLinks phoneNumber={d.phoneNumber} mobileNumber={d.mobileNumber} emailAddress={d.emailAddress} />
      </section>
      <ErrorNotice error={related.error} />
      {r ? (
        <>
          <section aria-labelledby={`customer-${d.id}-jobs`}>
            <h3 id={`customer-${d.id}-jobs`}>Jobs ({r.jobCount.toLocaleString('en-AU')})</h3>
            {r.jobs.length === 0 ? <p className="hint">No jobs for this customer in the app.</p> : null}
            <ul className="related-list">
              {r.jobs.map((job) => (
                <li key={job.id}>
                  <RecordLink to={{ entity: 'job', id: job.id }}>
                    {job.jobNumber ? `${job.jobNumber} · ` : ''}
                    {job.jobName}
                  </RecordLink>
                  <span className="muted">{job.status}</span>
                  <span className="num">{formatDate(job.dateCreated)}</span>
                </li>
              ))}
            </ul>
            {more(r.jobs.length, r.jobCount, 'jobs')}
          </section>
          <section aria-labelledby={`customer-${d.id}-invoices`}>
            <h3 id={`customer-${d.id}-invoices`}>Invoices ({r.invoiceCount.toLocaleString('en-AU')})</h3>
            {r.invoices.length === 0 ? (
              <p className="hint">No invoices waiting to be exported for this customer.</p>
            ) : null}
            <ul className="related-list">
              {r.invoices.map((invoice) => (
                <li key={invoice.id}>
                  <RecordLink to={{ entity: 'invoice', id: invoice.id }}>{invoice.invoiceNumber}</RecordLink>
                  <span className="muted">{formatDate(invoice.invoiceDate)}</span>
                  <span
                    className="num"
                    aria-label={`${remainingInWords(invoice)} remaining of ${formatMoney(invoice.totalCents)}${invoice.gstFromAscora ? '' : ` (${NO_GST_WORDS})`}`}
                  >
                    {remainingInWords(invoice)} of {formatMoney(invoice.totalCents)}
                    {invoice.gstFromAscora ? null : <span className="money-note row-note">{NO_GST_WORDS}</span>}
                  </span>
                </li>
              ))}
            </ul>
            {more(r.invoices.length, r.invoiceCount, 'invoices')}
          </section>
        </>
      ) : null}
    </>
  );
}
