/** The job's invoices and the payments on each: the money side of a phone call. */
import type { JobDetail } from '../../../../shared/domain';
import { formatDate, formatMoney } from '../../../../shared/format';
import { NO_GST_WORDS, remainingInWords } from '../../../../shared/invoice-figures';
import { RecordLink } from '../../components/RecordLink';

export function JobInvoices({ job: j }: { job: JobDetail }) {
  return (
    <section aria-labelledby={`job-${j.id}-invoices`}>
      <h3 id={`job-${j.id}-invoices`}>Invoices and payments</h3>
      {j.invoices.length === 0 ? (
        <p className="hint">No invoice of this job is waiting to be exported in Ascora.</p>
      ) : (
        <table className="table compact-table">
          <thead>
            <tr>
              <th scope="col">Invoice</th>
              <th scope="col">Date</th>
              <th scope="col" className="num">
                Total
              </th>
              <th scope="col" className="num">
                Remaining
              </th>
            </tr>
          </thead>
          {j.invoices.map((invoice) => (
            <tbody key={invoice.id}>
              <tr>
                <td>
                  <RecordLink to={{ entity: 'invoice', id: invoice.id }}>{invoice.invoiceNumber}</RecordLink>
                </td>
                <td>{formatDate(invoice.invoiceDate)}</td>
                <td className="num">
                  {formatMoney(invoice.totalCents)}
                  {invoice.gstFromAscora ? null : <div className="money-note row-note">{NO_GST_WORDS}</div>}
                </td>
                <td className="num">{remainingInWords(invoice)}</td>
              </tr>
              {invoice.payments.map((p) => (
                <tr key={p.id} className="payment-row">
                  <td colSpan={2}>
                    Payment {p.receiptNumber}, {formatDate(p.paymentDate)}, {p.paymentMethod}
                  </td>
                  <td className="num">{formatMoney(p.amountCents)}</td>
                  <td />
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      )}
    </section>
  );
}
