/**
 * Invoices waiting for accounting export in Ascora, with payments recorded here. Ascora gives no
 * paid status, so "remaining" is the total less payments recorded in this app. Every figure is
 * shared/invoice-figures.ts's: totals with GST (added at 10%, and said so, when Ascora sent none).
 */
import { useCallback, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { InvoiceDetail, InvoiceRow, Payment } from '../../../shared/domain';
import { formatDate, formatMoney, getDisplayTimeZone } from '../../../shared/format';
import { plainDollars, toCents } from '../../../shared/money';
import {
  AGEING_WORDS,
  ageingRule,
  dueDayOf,
  invoiceFigures,
  NO_GST_SHORT_WORDS,
  NO_GST_WORDS,
  PAYMENT_TERMS_DAYS,
  remainingInWords,
  type AgeingBucket,
} from '../../../shared/invoice-figures';
import { contract } from '../../../shared/contract';
import { plainProblems, type FieldProblem } from '../../../shared/plain-words';
import { call, ContractError } from '../api';
import { Confirm } from '../components/Confirm';
import { StateBadge } from '../components/SyncBadge';
import { paymentRecordState } from '../../../shared/record-state';
import { ErrorNotice } from '../components/ErrorNotice';
import { useCsvExport } from '../components/CsvExport';
import { invoicesCsv } from '../components/csv-lists';
import { DataTable, type ListColumn } from '../components/DataTable';
import { EmptyList } from '../components/EmptyList';
import { DayField, Field, FormProblems, maxLengthOf, useProblems } from '../components/Field';
import { fetchCore, useCoreCommand, useCoreQuery, useListGeneration } from '../cache';
import { useDebounced } from '../hooks';
import { filterFor, focusOn, useClearedForFocus, useScreenState } from '../stores/session';
import { officeToday } from '../office-time-zone';
import { useRecordSteps } from '../components/record-steps';
import { TwoLineText } from '../components/TwoLineText';

const exportState = (r: InvoiceRow) => (r.noLongerPending ? 'Exported to accounting' : 'Waiting for export');

const COLUMNS: ListColumn<InvoiceRow>[] = [
  { id: 'number', label: 'Invoice', width: 110, sortKey: 'invoiceNumber', text: (r) => r.invoiceNumber },
  { id: 'date', label: 'Date', width: 104, sortKey: 'invoiceDate', text: (r) => formatDate(r.invoiceDate) },
  { id: 'job', label: 'Job', width: 90, secondary: true, text: (r) => r.jobNumber ?? '' },
  {
    id: 'customer',
    label: 'Customer',
    width: '2fr',
    minWidth: 120,
    text: (r) => r.customerName ?? '',
    render: (r) => <TwoLineText text={r.customerName ?? ''} />,
  },
  {
    id: 'total',
    label: 'Total inc GST',
    width: 150,
    money: true,
    text: (r) => (r.gstFromAscora ? formatMoney(r.totalCents) : `${formatMoney(r.totalCents)} (${NO_GST_WORDS})`),
    render: (r) => <TotalWithGst invoice={r} short />,
  },
  {
    id: 'remaining',
    label: 'Remaining',
    width: 130,
    money: true,
    sortKey: 'remaining',
    text: remainingInWords,
  },
  {
    id: 'exported',
    label: 'Export',
    // Last in the list: it takes the width left over (as the Ascora column does in the others).
    width: '1fr',
    minWidth: 180,
    secondary: true,
    text: exportState,
    render: (r) =>
      r.noLongerPending ? <span className="badge badge-local_only">{exportState(r)}</span> : exportState(r),
  },
];

const NOUN = { one: 'invoice', many: 'invoices' };
/** Rows a page: the first page is the one the list's generation watches (useListGeneration). */
const PAGE_SIZE = 100;

/** The total with GST, and when the app added the GST, the words saying so beside it. */
function TotalWithGst({
  invoice,
  short = false,
}: {
  invoice: Pick<InvoiceRow, 'totalCents' | 'gstFromAscora'>;
  short?: boolean;
}) {
  return (
    <span className="money-with-note" title={invoice.gstFromAscora ? undefined : NO_GST_WORDS}>
      {formatMoney(invoice.totalCents)}
      {invoice.gstFromAscora ? null : <span className="money-note">{short ? NO_GST_SHORT_WORDS : NO_GST_WORDS}</span>}
    </span>
  );
}

/** A payment Ascora has not got (waiting, or refused) can still be changed or withdrawn here. */
const repairable = (p: Payment) => p.state === 'pending' || p.state === 'failed';

export function Invoices({ integrationId }: { integrationId: number }) {
  // Opened from a bar of the Today screen's ageing: only those still open and in its bucket.
  const [ageing, setAgeing] = useState<AgeingBucket | null>(() => filterFor('invoices').ageing ?? null);
  const [search, setSearch] = useScreenState('invoices', 'search', '');
  const searchBox = useRef<HTMLInputElement>(null);
  const [outstandingOnly, setOutstandingOnly] = useState(ageing !== null);
  const [includeExported, setIncludeExported] = useState(ageing === null);
  const [sort, setSort] = useState<{ key: 'invoiceDate' | 'invoiceNumber' | 'remaining'; direction: 'asc' | 'desc' }>({
    key: 'invoiceDate',
    direction: 'desc',
  });
  const [open, setOpen] = useScreenState<number | null>('invoices', 'openId', focusOn('invoice'));
  useClearedForFocus('invoice', () => {
    setSearch('');
    setAgeing(null);
    setOutstandingOnly(false);
    setIncludeExported(true);
  });
  const debounced = useDebounced(search, 200);
  const searchId = useId();
  const query = useMemo(
    () => ({
      integrationId,
      search: debounced,
      outstandingOnly,
      includeExported,
      ageing,
      sort: sort.key,
      direction: sort.direction,
    }),
    [integrationId, debounced, outstandingOnly, includeExported, ageing, sort],
  );
  const load = useCallback(
    (cursor: string | null) => fetchCore('invoices.list', { ...query, cursor, limit: PAGE_SIZE }),
    [query],
  );
  // Starts the list again from the top when a change in the core made its pages stale.
  const generation = useListGeneration('invoices.list', { ...query, cursor: null, limit: PAGE_SIZE });
  const [rows, setRows] = useState<InvoiceRow[]>([]);
  const stepSaid = useRecordSteps({
    rows,
    openId: open,
    open: (row) => setOpen(row.id),
    describe: (row) => `Invoice ${row.invoiceNumber}${row.customerName ? `, ${row.customerName}` : ''}`,
    noun: NOUN,
  });

  const filtered = outstandingOnly || !includeExported || ageing !== null;
  const csv = useCsvExport({
    list: 'invoices',
    scope: { search, filtered },
    load: (cursor) => call('invoices.list', { ...query, search, cursor, limit: 500 }),
    details: (invoiceIds) => call('invoices.exportDetails', { ids: invoiceIds }),
    toCsv: invoicesCsv,
  });

  return (
    <section className="screen screen-split" aria-labelledby="invoices-title">
      <div className="split-main">
        <h1 id="invoices-title">Invoices</h1>
        <div className="toolbar" role="search">
          <div className="field grow">
            <label htmlFor={searchId}>Search</label>
            <input
              ref={searchBox}
              id={searchId}
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder="Invoice, job or customer"
            />
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={outstandingOnly} onChange={(e) => setOutstandingOnly(e.target.checked)} />{' '}
            Only with an amount remaining
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={includeExported} onChange={(e) => setIncludeExported(e.target.checked)} />{' '}
            Include exported
          </label>
          <button type="button" className="secondary" onClick={() => void csv.run()} disabled={csv.busy}>
            Export CSV
          </button>
        </div>
        {ageing ? (
          <>
            <p className="filter-chip">
              {AGEING_WORDS[ageing]}{' '}
              <button type="button" className="link" onClick={() => setAgeing(null)}>
                Any date
              </button>
            </p>
            <p className="hint">{ageingRule(getDisplayTimeZone())}</p>
          </>
        ) : null}
        {csv.status}
        <DataTable
          label="Invoices"
          searchBox={searchBox}
          listId="invoices"
          noun={NOUN}
          columns={COLUMNS}
          queryKey={JSON.stringify(query)}
          version={generation}
          load={load}
          onOpen={(r) => setOpen(r.id)}
          openId={open}
          compact={open !== null}
          sort={sort}
          onSort={(key) =>
            setSort((s) => ({
              key: key as typeof s.key,
              direction: s.key === key && s.direction === 'desc' ? 'asc' : 'desc',
            }))
          }
          rowName={(r) => r.invoiceNumber}
          onRows={setRows}
          empty={(nothingSearchable) => (
            <EmptyList
              nothingSearchable={nothingSearchable}
              noun="invoices"
              search={debounced}
              filtered={filtered}
              onClear={() => {
                setSearch('');
                setOutstandingOnly(false);
                setIncludeExported(true);
                setAgeing(null);
              }}
              none="No invoices waiting for export in Ascora."
            />
          )}
        />
      </div>
      {open !== null ? <InvoicePanel key={open} invoiceId={open} onClose={() => setOpen(null)} /> : null}
      <p role="status" className="sr-only">
        {stepSaid}
      </p>
    </section>
  );
}

export function InvoicePanel({ invoiceId, onClose }: { invoiceId: number; onClose(): void }) {
  // Asked for again only when the core says this invoice changed (a payment here, a sync).
  const invoice = useCoreQuery('invoices.get', { invoiceId }, { plain: true });
  const settings = useCoreQuery('settings.get', {});
  const recordPayment = useCoreCommand('invoices.recordPayment');
  const [error, setError] = useState<unknown>(null);
  // The payment just recorded here: its notice shows while it is still waiting to be sent.
  const [recorded, setRecorded] = useState<number | null>(null);
  const [form, setForm] = useState(0);
  const inv = invoice.data;
  const figures = inv ? invoiceFigures(inv) : null;
  const methods = settings.data?.paymentMethods ?? [];

  return (
    <aside className="split-detail" aria-label="Invoice detail" tabIndex={-1}>
      <div className="detail-head">
        <h2>{inv ? `Invoice ${inv.invoiceNumber}` : 'Invoice'}</h2>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      <ErrorNotice error={invoice.error} />
      {inv && figures ? (
        <>
          {inv.noLongerPending ? (
            <div className="notice notice-info">
              Exported to accounting: it has left Ascora's export list and is kept here as it was.
            </div>
          ) : null}
          <dl className="fields">
            <dt>Date</dt>
            <dd>{formatDate(inv.invoiceDate)}</dd>
            <dt>Due</dt>
            <dd>
              <DueDay invoice={inv} />
            </dd>
            <dt>Job</dt>
            <dd>{inv.jobNumber ?? '—'}</dd>
            <dt>Customer</dt>
            <dd>{inv.customerName ?? '—'}</dd>
          </dl>
          <table className="table">
            <caption className="sr-only">Invoice lines</caption>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col" className="num">
                  Qty
                </th>
                <th scope="col" className="num">
                  Unit ex GST
                </th>
                <th scope="col" className="num">
                  Amount ex GST
                </th>
              </tr>
            </thead>
            <tbody>
              {inv.lines.map((l, i) => (
                <tr key={i}>
                  <td>{l.description || l.itemCode}</td>
                  <td className="num">{l.quantity}</td>
                  <td className="num">{formatMoney(l.unitAmountExTaxCents)}</td>
                  <td className="num">{formatMoney(l.amountExTaxCents)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  Total ex GST
                </th>
                <td className="num">{formatMoney(figures.exGstCents)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={3}>
                  GST
                  {figures.gstFromAscora ? null : <span className="money-note row-note">{NO_GST_WORDS}</span>}
                </th>
                <td className="num">{formatMoney(figures.gstCents)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={3}>
                  Total inc GST
                </th>
                <td className="num">{formatMoney(figures.totalCents)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={3}>
                  Paid (recorded in this app)
                </th>
                <td className="num">{formatMoney(figures.paidCents)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={3}>
                  Remaining
                </th>
                <td className="num">
                  <strong>{remainingInWords(inv)}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
          <h3>Payments</h3>
          {inv.payments.length === 0 ? <p className="hint">No payments recorded in this app.</p> : null}
          <ul className="notes">
            {inv.payments.map((p) => (
              <PaymentItem key={p.id} payment={p} invoice={inv} methods={methods} />
            ))}
          </ul>
          <PaymentForm
            key={form}
            title="Record a payment"
            submitLabel="Record payment"
            methods={methods}
            onSubmit={async (values, confirmWarnings) => {
              setError(null);
              setRecorded(null);
              const payment = await recordPayment.mutateAsync({ invoiceId, ...values, confirmWarnings });
              setRecorded(payment.id);
              setForm((n) => n + 1);
            }}
          />
          <ErrorNotice error={error} />
          {recorded !== null && inv.payments.find((p) => p.id === recorded)?.state === 'pending' ? (
            <p className="notice notice-ok" role="status">
              Payment saved: it is pending and will be sent to Ascora on the next sync.
            </p>
          ) : null}
        </>
      ) : null}
    </aside>
  );
}

/** The due day, and where it came from when Ascora sent none (the ageing counts from it). */
function DueDay({ invoice }: { invoice: InvoiceDetail }) {
  const due = dueDayOf(invoice);
  if (!due) return <>—</>;
  if (due.from === 'ascora') return <>{formatDate(due.day)}</>;
  return (
    <>
      {formatDate(due.day)}{' '}
      <span className="muted">({PAYMENT_TERMS_DAYS} days after the invoice date: Ascora sent no due date)</span>
    </>
  );
}

/** One payment: its state in words, Ascora's reason when refused, and what can be done about it. */
function PaymentItem({
  payment: p,
  invoice,
  methods,
}: {
  payment: Payment;
  invoice: InvoiceDetail;
  methods: string[];
}) {
  const [mode, setMode] = useState<'view' | 'edit' | 'withdraw'>('view');
  const [error, setError] = useState<unknown>(null);
  const act = (fn: () => Promise<unknown>) => fn().then(() => setMode('view'), setError);
  return (
    <li>
      {formatMoney(p.amountCents)} · {p.paymentMethod} · {formatDate(p.paymentDate)} · {p.receiptNumber}{' '}
      <StateBadge state={paymentRecordState(p.state)} />
      {p.comment ? <div className="hint">{p.comment}</div> : null}
      {p.lastError ? (
        <div className={p.state === 'failed' ? 'notice notice-error' : 'hint'}>
          {p.state === 'failed' ? `Refused by Ascora: ${p.lastError}` : p.lastError}
        </div>
      ) : null}
      {p.state === 'needs_check' ? (
        <div className="actions">
          <button
            type="button"
            onClick={() => void act(() => call('invoices.confirmPayment', { paymentId: p.id, foundInAscora: true }))}
          >
            It is in Ascora
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => void act(() => call('invoices.confirmPayment', { paymentId: p.id, foundInAscora: false }))}
          >
            It is not: send it again
          </button>
        </div>
      ) : null}
      {repairable(p) && mode === 'view' ? (
        <div className="actions">
          <button
            type="button"
            className="secondary"
            onClick={() => setMode('edit')}
            aria-label={`Change payment ${p.receiptNumber}`}
          >
            {p.state === 'failed' ? 'Change and send again' : 'Change'}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => setMode('withdraw')}
            aria-label={`Withdraw payment ${p.receiptNumber}`}
          >
            Withdraw
          </button>
        </div>
      ) : null}
      {mode === 'edit' ? (
        <PaymentForm
          title={`Change payment ${p.receiptNumber}`}
          submitLabel={p.state === 'failed' ? 'Save and send again' : 'Save changes'}
          methods={methods.includes(p.paymentMethod) ? methods : [p.paymentMethod, ...methods]}
          initial={{
            amountCents: p.amountCents,
            paymentDate: p.paymentDate,
            paymentMethod: p.paymentMethod,
            comment: p.comment,
          }}
          onCancel={() => setMode('view')}
          onSubmit={async (values, confirmWarnings) => {
            await call('invoices.editPayment', { paymentId: p.id, ...values, confirmWarnings });
            setMode('view');
          }}
        />
      ) : null}
      {mode === 'withdraw' ? (
        <Confirm
          label={`Withdraw payment ${p.receiptNumber}`}
          confirmLabel="Withdraw payment"
          onCancel={() => setMode('view')}
          onConfirm={() => act(() => call('invoices.withdrawPayment', { paymentId: p.id }))}
        >
          Withdraw payment {p.receiptNumber}: {formatMoney(p.amountCents)} by {p.paymentMethod} on{' '}
          {formatDate(p.paymentDate)}, invoice {invoice.invoiceNumber}? It has not reached Ascora. It is removed from
          this app and never sent; the sync log keeps a line saying so.
        </Confirm>
      ) : null}
      <ErrorNotice error={error} />
    </li>
  );
}

type PaymentValues = { amountCents: number; paymentDate: string; paymentMethod: string; comment: string };

/** The payment form's labels; a problem names the field as the form does. */
const PAYMENT_LABELS: Record<keyof PaymentValues, string> = {
  amountCents: 'Amount',
  paymentDate: 'Date',
  paymentMethod: 'Method',
  comment: 'Comment',
};
const COMMENT_MAX = maxLengthOf(contract['invoices.recordPayment'].input.shape.comment);

/** Every problem with a payment as the contract checks it (the invoice is the panel's, always valid). */
function paymentProblems(values: PaymentValues): FieldProblem[] {
  const parsed = contract['invoices.recordPayment'].input.safeParse({ invoiceId: 1, ...values });
  return parsed.success ? [] : plainProblems(parsed.error.issues, PAYMENT_LABELS);
}

/**
 * Record or change a payment. Warnings the core raises (a date in the future or before the
 * invoice) are shown here, and the payment is saved only when the person says so.
 */
function PaymentForm({
  title,
  submitLabel,
  methods,
  initial,
  onSubmit,
  onCancel,
}: {
  title: string;
  submitLabel: string;
  methods: string[];
  initial?: PaymentValues;
  onSubmit(values: PaymentValues, confirmWarnings: boolean): Promise<void>;
  onCancel?(): void;
}) {
  const [amount, setAmount] = useState(initial ? plainDollars(initial.amountCents) : '');
  const [date, setDate] = useState(initial?.paymentDate ?? officeToday());
  const [method, setMethod] = useState(initial?.paymentMethod ?? '');
  const [comment, setComment] = useState(initial?.comment ?? '');
  const [warnings, setWarnings] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const values = (): PaymentValues => ({
    amountCents: toCents(Number(amount)),
    paymentDate: date,
    paymentMethod: method || methods[0] || '',
    comment,
  });

  const problems = useProblems();

  async function submit(confirmWarnings: boolean) {
    setError(null);
    if (!problems.check(paymentProblems(values()))) return;
    try {
      await onSubmit(values(), confirmWarnings);
      setWarnings(null);
    } catch (e) {
      if (e instanceof ContractError && e.code === 'NEEDS_CONFIRMATION')
        setWarnings((e.shape.details as { warnings?: string[] } | undefined)?.warnings ?? [e.message]);
      else if (!problems.fromError(e)) setError(e);
    }
  }
  // Called with what the form now holds: warnings are for the values they were about.
  const edited = (next: Partial<PaymentValues>) => {
    setWarnings(null);
    problems.recheck(paymentProblems({ ...values(), ...next }));
  };

  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void submit(false);
      }}
      aria-label={title}
      noValidate
    >
      <h3>{title}</h3>
      <div className="form-grid">
        <Field label="Amount (AUD)" problem={problems.of('amountCents')}>
          {(control) => (
            <input
              {...control}
              type="number"
              min="0.01"
              step="0.01"
              value={amount}
              onChange={(e) => {
                edited({ amountCents: toCents(Number(e.target.value)) });
                setAmount(e.target.value);
              }}
            />
          )}
        </Field>
        <DayField
          label="Date"
          value={date}
          problem={problems.of('paymentDate')}
          isRequired
          onChange={(day) => {
            edited({ paymentDate: day });
            setDate(day);
          }}
        />
        <Field label="Method" problem={problems.of('paymentMethod')}>
          {(control) => (
            <select
              {...control}
              value={method || methods[0] || ''}
              onChange={(e) => {
                edited({ paymentMethod: e.target.value });
                setMethod(e.target.value);
              }}
            >
              {methods.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Comment" problem={problems.of('comment')} value={comment} maxLength={COMMENT_MAX}>
          {(control) => (
            <input
              {...control}
              value={comment}
              onChange={(e) => {
                edited({ comment: e.target.value });
                setComment(e.target.value);
              }}
            />
          )}
        </Field>
      </div>
      <FormProblems problems={problems.elsewhere(Object.keys(PAYMENT_LABELS))} />
      <ErrorNotice error={error} />
      {warnings ? (
        <Confirm
          label="Check the payment"
          confirmLabel={initial ? 'Save anyway' : 'Record anyway'}
          cancelLabel="Change it"
          danger={false}
          onConfirm={() => submit(true)}
          onCancel={() => setWarnings(null)}
        >
          <strong>Check before saving:</strong>
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </Confirm>
      ) : (
        <div className="actions">
          <button type="submit">{submitLabel}</button>
          {onCancel ? (
            <button type="button" className="secondary" onClick={onCancel}>
              Cancel
            </button>
          ) : null}
        </div>
      )}
    </form>
  );
}
