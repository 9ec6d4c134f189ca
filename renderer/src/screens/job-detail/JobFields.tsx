import type { JobDetail } from '../../../../shared/domain';
import { formatDate, formatMoney, pricingWords } from '../../../../shared/format';
import { jobStatusWords } from '../../../../shared/record-state';
import { enteredWords } from './entered-words';

/** The job's own fields: its status (the app's and Ascora's), address, dates, numbers and totals. */
export function JobFields({ job: j }: { job: JobDetail }) {
  return (
    <dl className="fields">
      <dt>Status</dt>
      <dd>
        {j.localStatusText
          ? `${j.localStatusText} (in the app; Ascora: ${jobStatusWords(j)})${enteredWords(j.statusEnteredInAscora)}`
          : jobStatusWords(j)}
      </dd>
      <dt>Address</dt>
      <dd>{[j.addressLine1, j.addressLine2, j.suburb, j.state, j.postcode].filter(Boolean).join(', ') || '—'}</dd>
      <dt>Created</dt>
      <dd>{formatDate(j.dateCreated)}</dd>
      <dt>Completed</dt>
      <dd>{formatDate(j.completedDate)}</dd>
      <dt>Claim / client order</dt>
      <dd>{j.clientOrderNumber || '—'}</dd>
      <dt>Purchase order</dt>
      <dd>{j.purchaseOrderNumber || '—'}</dd>
      <dt>Job type</dt>
      <dd>{j.jobType?.name ?? '—'}</dd>
      <dt>Pricing</dt>
      <dd>{pricingWords(j.pricingMethod)}</dd>
      <dt>Total ex GST</dt>
      <dd className="money">{formatMoney(j.totalExTaxCents)}</dd>
      <dt>Total inc GST</dt>
      <dd className="money">{formatMoney(j.totalIncTaxCents)}</dd>
    </dl>
  );
}
