import { useState, type FormEvent } from 'react';
import { AU_STATES, PRICING_METHODS, type JobDetail } from '../../../../shared/domain';
import { call } from '../../api';
import { Confirm } from '../../components/Confirm';
import { CustomerPicker } from '../../components/CustomerPicker';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useActiveIntegration } from '../../stores/session';
import { UnsentJobFields, type UnsentJobFieldValues } from './UnsentJobFields';

/**
 * A job made here that Ascora has not got: while it waits or after Ascora refused it, the person
 * changes its customer and fields and sends it again, or discards it (its report can then make a
 * job again). Once on the wire it is left alone.
 */
export function JobRepair({ job: j, onDiscarded }: { job: JobDetail; onDiscarded(): void }) {
  const integration = useActiveIntegration();
  const change = j.change!;
  const [mode, setMode] = useState<'view' | 'edit' | 'discard'>('view');
  const [customer, setCustomer] = useState<{ id: number | null; name: string | null }>({
    id: j.siteCustomerLocalId,
    name: j.customerName,
  });
  const [fields, setFields] = useState<UnsentJobFieldValues>({
    jobName: j.jobName,
    pricingMethod: (PRICING_METHODS as readonly string[]).includes(j.pricingMethod ?? '')
      ? (j.pricingMethod as (typeof PRICING_METHODS)[number])
      : 'FIXED-PRICE',
    addressLine1: j.addressLine1,
    suburb: j.suburb ?? '',
    state: (AU_STATES as readonly string[]).includes(j.state ?? '') ? (j.state as (typeof AU_STATES)[number]) : null,
    postcode: j.postcode ?? '',
    clientOrderNumber: j.clientOrderNumber,
  });
  const [error, setError] = useState<unknown>(null);

  if (change.state === 'sending') return <p className="hint">Being sent to Ascora now.</p>;
  if (!change.repairable)
    return (
      <p className="hint">
        Sent to Ascora, but the answer was lost: it is looked up in Ascora before it is ever sent again.
      </p>
    );

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (customer.id === null) return setError(new Error('Choose the site customer.'));
    try {
      await call('jobs.editUnsent', { jobId: j.id, customerId: customer.id, ...fields });
      setMode('view');
    } catch (e) {
      setError(e);
    }
  }

  const lost = [
    j.notes.length ? `${j.notes.length} note${j.notes.length === 1 ? '' : 's'}` : null,
    j.attachments.length ? `${j.attachments.length} attachment${j.attachments.length === 1 ? '' : 's'}` : null,
    j.localStatusText ? `the status "${j.localStatusText}"` : null,
  ].filter(Boolean);
  return (
    <section aria-label="Put this job right">
      {mode === 'view' ? (
        <div className="actions">
          <button type="button" onClick={() => setMode('edit')}>
            {change.state === 'refused' ? 'Change and send again' : 'Change before it is sent'}
          </button>
          <button type="button" className="secondary" onClick={() => setMode('discard')}>
            Discard job
          </button>
        </div>
      ) : null}
      {mode === 'discard' ? (
        <Confirm
          label={`Discard the job ${j.jobName}`}
          confirmLabel="Discard job"
          onCancel={() => setMode('view')}
          onConfirm={() => call('jobs.discardUnsent', { jobId: j.id }).then(onDiscarded, setError)}
        >
          Discard the job “{j.jobName}”? It has not reached Ascora and is never sent.
          {lost.length ? ` Deleted with it: ${lost.join(', ')}.` : ''}
          {j.reportId ? ' Its report can make a job again.' : ''} The sync log keeps a line saying so.
        </Confirm>
      ) : null}
      {mode === 'edit' ? (
        <form onSubmit={(e) => void save(e)} aria-label="Change the job">
          <h3>Change the job</h3>
          {integration ? (
            <CustomerPicker
              integrationId={integration.id}
              value={customer.id}
              currentName={customer.name}
              onChange={(c) => setCustomer({ id: c.id, name: c.customerName })}
            />
          ) : null}
          <UnsentJobFields fields={fields} onChange={setFields} />
          <div className="actions">
            <button type="submit">{change.state === 'refused' ? 'Save and send again' : 'Save changes'}</button>
            <button type="button" className="secondary" onClick={() => setMode('view')}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <ErrorNotice error={error} />
    </section>
  );
}
