/**
 * Invoices waiting for accounting export in Ascora, with payments recorded here. Ascora gives no
 * paid status, so "remaining" is the total less payments recorded in this app.
 */
import { useCallback, useId, useMemo, useState, type FormEvent } from 'react';
import type { InvoiceDetail, InvoiceRow, Payment, Settings } from '../../../shared/domain';
import { formatDate, formatMoney } from '../../../shared/format';
import { invoiceTotalCents, plainDollars, toCents } from '../../../shared/money';
import { call } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { download, exportAll, toCsv } from '../components/csv';
import { VirtualList, type Column } from '../components/VirtualList';
import { useDebounced, useLoad } from '../hooks';
import { useChangeCounter } from '../stores/live';

const COLUMNS: Column<InvoiceRow>[] = [
  { key: 'number', label: 'Invoice', width: 'minmax(80px, 110px)', sortKey: 'invoiceNumber', render: (r) => r.invoiceNumber },
  { key: 'date', label: 'Date', width: 'minmax(84px, 100px)', sortKey: 'invoiceDate', render: (r) => formatDate(r.invoiceDate) },
  { key: 'job', label: 'Job', width: 'minmax(60px, 90px)', secondary: true, render: (r) => r.jobNumber ?? '' },
  { key: 'customer', label: 'Customer', width: 'minmax(100px, 2fr)', render: (r) => r.customerName ?? '' },
  { key: 'total', label: 'Total', width: 'minmax(80px, 110px)', render: (r) => <span className="num">{formatMoney(invoiceTotalCents(r))}</span> },
  { key: 'remaining', label: 'Remaining', width: 'minmax(80px, 110px)', sortKey: 'remaining', render: (r) => <span className="num">{formatMoney(r.remainingCents)}</span> },
  { key: 'exported', label: 'Export', width: 'minmax(90px, 150px)', render: (r) => (r.noLongerPending ? <span className="badge badge-local_only">Exported to accounting</span> : 'Waiting for export') },
];

const PAYMENT_LABEL: Record<Payment['state'], string> = { pending: 'Pending', synced: 'In Ascora', failed: 'Failed', needs_check: 'Check in Ascora' };

export function Invoices({ integrationId }: { integrationId: number }) {
  const [search, setSearch] = useState('');
  const [outstandingOnly, setOutstandingOnly] = useState(false);
  const [includeExported, setIncludeExported] = useState(true);
  const [sort, setSort] = useState<{ key: 'invoiceDate' | 'invoiceNumber' | 'remaining'; direction: 'asc' | 'desc' }>({ key: 'invoiceDate', direction: 'desc' });
  const [open, setOpen] = useState<number | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const changes = useChangeCounter('invoice');
  const debounced = useDebounced(search, 200);
  const searchId = useId();
  const query = useMemo(() => ({ integrationId, search: debounced, outstandingOnly, includeExported, sort: sort.key, direction: sort.direction }), [integrationId, debounced, outstandingOnly, includeExported, sort]);
  const load = useCallback((cursor: string | null) => call('invoices.list', { ...query, cursor, limit: 100 }), [query]);

  async function exportCsv() {
    const rows = await exportAll((cursor) => call('invoices.list', { ...query, cursor, limit: 500 }), (done, total) => setExporting(`Exporting ${done} of ${total}…`));
    download('invoices.csv', toCsv(['Invoice', 'Date', 'Job', 'Customer', 'Total (AUD)', 'Paid in app (AUD)', 'Remaining (AUD)', 'Exported'], rows.map((r) => [r.invoiceNumber, formatDate(r.invoiceDate), r.jobNumber, r.customerName, plainDollars(invoiceTotalCents(r)), plainDollars(r.paidInAppCents), plainDollars(r.remainingCents), r.noLongerPending ? 'yes' : 'no'])));
    setExporting(null);
  }

  return (
    <section className="screen screen-split" aria-labelledby="invoices-title">
      <div className="split-main">
        <h1 id="invoices-title">Invoices</h1>
        <div className="toolbar" role="search">
          <div className="field grow">
            <label htmlFor={searchId}>Search</label>
            <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Invoice, job or customer" />
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={outstandingOnly} onChange={(e) => setOutstandingOnly(e.target.checked)} /> Only with an amount remaining
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={includeExported} onChange={(e) => setIncludeExported(e.target.checked)} /> Include exported
          </label>
          <button type="button" className="secondary" onClick={() => void exportCsv()} disabled={exporting !== null}>
            Export CSV
          </button>
        </div>
        {exporting ? <p className="hint" aria-live="polite">{exporting}</p> : null}
        <VirtualList label="Invoices" columns={COLUMNS} queryKey={`${JSON.stringify(query)}#${changes}`} load={load} onOpen={(r) => setOpen(r.id)} selectedId={open} compact={open !== null} sort={sort} onSort={(key) => setSort((s) => ({ key: key as typeof s.key, direction: s.key === key && s.direction === 'desc' ? 'asc' : 'desc' }))} />
      </div>
      {open !== null ? <InvoicePanel key={open} invoiceId={open} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}

export function InvoicePanel({ invoiceId, onClose }: { invoiceId: number; onClose(): void }) {
  const changes = useChangeCounter('invoice');
  const invoice = useLoad<InvoiceDetail>(() => call('invoices.get', { invoiceId }), [invoiceId, changes]);
  const settings = useLoad<Settings>(() => call('settings.get', {}), []);
  const [amount, setAmount] = useState('');
  const [date, setDate] = useState(new Date().toLocaleDateString('en-CA'));
  const [method, setMethod] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  // The payment just recorded here: its notice shows while it is still waiting to be sent.
  const [recorded, setRecorded] = useState<number | null>(null);
  const ids = { amount: useId(), date: useId(), method: useId(), comment: useId() };
  const inv = invoice.value;

  async function record(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setRecorded(null);
    try {
      const payment = await call('invoices.recordPayment', { invoiceId, amountCents: toCents(Number(amount)), paymentDate: date, paymentMethod: method || settings.value?.paymentMethods[0] || '', comment });
      setAmount('');
      setComment('');
      setRecorded(payment.id);
      await invoice.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <aside className="split-detail" aria-label="Invoice detail">
      <div className="detail-head">
        <h2>{inv ? `Invoice ${inv.invoiceNumber}` : 'Invoice'}</h2>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      <ErrorNotice error={invoice.error} />
      {inv ? (
        <>
          {inv.noLongerPending ? <div className="notice notice-info">Exported to accounting: it has left Ascora's export list and is kept here as it was.</div> : null}
          <dl className="fields">
            <dt>Date</dt>
            <dd>{formatDate(inv.invoiceDate)}</dd>
            <dt>Due</dt>
            <dd>{formatDate(inv.dueDate)}</dd>
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
                <th scope="col" className="num">Qty</th>
                <th scope="col" className="num">Unit ex GST</th>
                <th scope="col" className="num">Amount ex GST</th>
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
                <th scope="row" colSpan={3}>Total ex GST</th>
                <td className="num">{formatMoney(inv.totalExTaxCents)}</td>
              </tr>
              {inv.taxCents !== null ? (
                <tr>
                  <th scope="row" colSpan={3}>GST</th>
                  <td className="num">{formatMoney(inv.taxCents)}</td>
                </tr>
              ) : null}
              <tr>
                <th scope="row" colSpan={3}>Paid (recorded in this app)</th>
                <td className="num">{formatMoney(inv.paidInAppCents)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={3}>Remaining</th>
                <td className="num"><strong>{formatMoney(inv.remainingCents)}</strong></td>
              </tr>
            </tfoot>
          </table>
          <h3>Payments</h3>
          <ul className="notes">
            {inv.payments.map((p) => (
              <li key={p.id}>
                {formatMoney(p.amountCents)} · {p.paymentMethod} · {formatDate(p.paymentDate)} · {p.receiptNumber} · <strong>{PAYMENT_LABEL[p.state]}</strong>
                {p.lastError ? <div className="hint">{p.lastError}</div> : null}
                {p.state === 'needs_check' ? (
                  <div className="actions">
                    <button type="button" onClick={() => call('invoices.confirmPayment', { paymentId: p.id, foundInAscora: true }).then(() => invoice.reload(), setError)}>It is in Ascora</button>
                    <button type="button" className="secondary" onClick={() => call('invoices.confirmPayment', { paymentId: p.id, foundInAscora: false }).then(() => invoice.reload(), setError)}>It is not: send it again</button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
          <form onSubmit={(e) => void record(e)} aria-label="Record a payment">
            <h3>Record a payment</h3>
            <div className="form-grid">
              <label htmlFor={ids.amount}>
                Amount (AUD)
                <input id={ids.amount} type="number" min="0.01" step="0.01" value={amount} onChange={(e) => setAmount(e.target.value)} required />
              </label>
              <label htmlFor={ids.date}>
                Date
                <input id={ids.date} type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
              </label>
              <label htmlFor={ids.method}>
                Method
                <select id={ids.method} value={method} onChange={(e) => setMethod(e.target.value)}>
                  {(settings.value?.paymentMethods ?? []).map((m) => <option key={m}>{m}</option>)}
                </select>
              </label>
              <label htmlFor={ids.comment}>
                Comment
                <input id={ids.comment} value={comment} onChange={(e) => setComment(e.target.value)} />
              </label>
            </div>
            <ErrorNotice error={error} />
            {recorded !== null && inv.payments.find((p) => p.id === recorded)?.state !== 'synced' ? <p className="notice notice-ok" role="status">Payment saved: it is pending and will be sent to Ascora on the next sync.</p> : null}
            <button type="submit">Record payment</button>
          </form>
        </>
      ) : null}
    </aside>
  );
}
