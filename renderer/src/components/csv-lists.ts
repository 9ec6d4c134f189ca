/**
 * What the lists' CSV files hold: the columns an insurer or an accountant asks for, with the
 * labels a person reads and values in words (the state of a record as its badge says it, never
 * `local_only`), dates dd/mm/yyyy and amounts as numbers in plain dollars.
 */
import type {
  CustomerExportDetails,
  CustomerRow,
  InvoiceExportDetails,
  InvoiceRow,
  JobExportDetails,
  JobRow,
} from '../../../shared/domain';
import { formatDate } from '../../../shared/format';
import { invoiceFigures, NO_GST_WORDS } from '../../../shared/invoice-figures';
import { jobStatusWords, RECORD_STATE_WORDS, recordState } from '../../../shared/record-state';
import { csvAmount, toCsv } from './csv';

type Pair<R, D> = { row: R; details: D | undefined };

/** A date as the CSV shows it: dd/mm/yyyy, or empty when there is none. */
function day(iso: string | null | undefined): string {
  const text = formatDate(iso);
  return text === '—' ? '' : text;
}

export function jobsCsv(rows: Pair<JobRow, JobExportDetails>[]): string {
  return toCsv(
    [
      'Job number',
      'Job name',
      'Status',
      'Customer',
      'Site address',
      'Claim number',
      'Purchase order',
      'Insurer',
      'Contact',
      'Contact phone',
      'Created',
      // Ascora gives no last-modified date for a job: its completed date is the one it has.
      'Completed',
      'Total inc GST (AUD)',
      'Ascora',
    ],
    rows.map(({ row: r, details: d }) => [
      r.jobNumber ?? 'Not yet numbered',
      r.jobName,
      r.localStatusText ?? jobStatusWords(r),
      r.customerName,
      d?.siteAddress,
      d?.claimNumber,
      d?.purchaseOrderNumber,
      d?.insurer,
      d?.contact,
      d?.contactPhone,
      day(r.dateCreated),
      day(d?.completedDate),
      csvAmount(r.totalIncTaxCents),
      RECORD_STATE_WORDS[recordState(r)].label,
    ]),
  );
}

/**
 * Amounts as numbers a spreadsheet adds up (a credit note's -55.00 too), with GST, the same
 * figures as the Invoices screen (shared/invoice-figures.ts); "GST" says where each GST came from.
 */
export function invoicesCsv(rows: Pair<InvoiceRow, InvoiceExportDetails>[]): string {
  return toCsv(
    [
      'Invoice number',
      'Job number',
      'Claim number',
      'Insurer',
      'Customer',
      'Date',
      'Due',
      'Ex GST (AUD)',
      'GST (AUD)',
      'Total inc GST (AUD)',
      'Paid in app (AUD)',
      'Remaining (AUD)',
      'GST from',
      // Whether Ascora has exported it to the accounting system, not whether it is paid.
      'Accounting export',
    ],
    rows.map(({ row: r, details: d }) => {
      const f = invoiceFigures(r);
      return [
        r.invoiceNumber,
        r.jobNumber,
        d?.claimNumber,
        d?.insurer,
        r.customerName,
        day(r.invoiceDate),
        day(d?.dueDate),
        csvAmount(f.exGstCents),
        csvAmount(f.gstCents),
        csvAmount(f.totalCents),
        csvAmount(f.paidCents),
        csvAmount(f.remainingCents),
        f.gstFromAscora ? 'Ascora' : NO_GST_WORDS,
        r.noLongerPending ? 'Exported to accounting' : 'Waiting for export',
      ];
    }),
  );
}

export function customersCsv(rows: Pair<CustomerRow, CustomerExportDetails>[]): string {
  return toCsv(
    ['Name', 'Company', 'Contact', 'Phone', 'Mobile', 'Email', 'Address', 'Ascora'],
    rows.map(({ row: r, details: d }) => [
      r.customerName,
      r.companyName,
      d?.contact,
      r.phoneNumber,
      r.mobileNumber,
      r.emailAddress,
      d?.address,
      RECORD_STATE_WORDS[recordState(r)].label,
    ]),
  );
}
