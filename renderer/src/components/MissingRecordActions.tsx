/**
 * Where a record Ascora no longer has is shown (a customer's or a job's panel): what that means,
 * and what a person can do about it: keep a local copy, create a customer again in Ascora, or
 * remove the record from this computer after a confirmation that says what is lost.
 */
import { useState } from 'react';
import type { CustomerDetail, JobDetail } from '../../../shared/domain';
import { call } from '../api';
import { Confirm } from './Confirm';
import { ErrorNotice } from './ErrorNotice';

type Props =
  | { entity: 'customer'; record: CustomerDetail; onRemoved(): void }
  | { entity: 'job'; record: JobDetail; onRemoved(): void };

export function MissingRecordActions(props: Props) {
  const { entity, record, onRemoved } = props;
  const [confirming, setConfirming] = useState<'remove' | 'recreate' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // A change or conflict still open comes first (the panel offers its repair).
  if (!record.remoteMissing || record.change || record.syncState === 'conflict') return null;
  const name =
    props.entity === 'customer'
      ? props.record.customerName || 'This customer'
      : props.record.jobNumber
        ? `Job ${props.record.jobNumber}`
        : props.record.jobName;

  async function act(fn: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
      setConfirming(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={record.keptLocally ? 'notice notice-info' : 'notice notice-warn'} aria-label="No longer in Ascora">
      {record.keptLocally ? (
        <div>
          <strong>Kept only on this computer.</strong> Ascora no longer has {name}; you chose to keep it here. It is not
          counted and not offered for new jobs.
        </div>
      ) : (
        <div>
          <strong>Ascora no longer has {name}</strong> (deleted or merged there, checked with Ascora). It is not counted
          and not offered for new jobs.{' '}
          {entity === 'customer'
            ? 'Keep it here, create it again in Ascora, or remove it.'
            : 'Keep it here or remove it (Ascora cannot take a job back).'}
        </div>
      )}
      <ErrorNotice error={error} />
      {confirming === 'remove' ? (
        <Confirm
          label={`Remove ${name}`}
          confirmLabel="Remove it"
          onConfirm={() =>
            act(async () => {
              await call('records.removeLocalCopy', { entity, id: record.id });
              onRemoved();
            })
          }
          onCancel={() => setConfirming(null)}
        >
          {props.entity === 'customer'
            ? `Remove ${name} from this computer? Their details here (names, phone numbers, email, address) are lost; Ascora does not have them either. Jobs here that name them keep the name.`
            : `Remove ${name} from this computer? Everything kept here about it is lost${lostWithJob(props.record)}; Ascora does not have it either.`}
        </Confirm>
      ) : confirming === 'recreate' ? (
        <Confirm
          label={`Create ${name} again in Ascora`}
          confirmLabel="Create it in Ascora"
          cancelLabel="Go back"
          danger={false}
          onConfirm={() => act(() => call('customers.recreateInAscora', { customerId: record.id }))}
          onCancel={() => setConfirming(null)}
        >
          {`${name} is sent to Ascora as a new customer with the next sync, with the details shown here. If they were merged into another customer in Ascora, this makes a second one.`}
        </Confirm>
      ) : (
        <div className="actions">
          {!record.keptLocally ? (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => void act(() => call('records.keepLocalCopy', { entity, id: record.id }))}
            >
              Keep a local copy
            </button>
          ) : null}
          {entity === 'customer' ? (
            <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming('recreate')}>
              Create it again in Ascora
            </button>
          ) : null}
          <button type="button" className="danger" disabled={busy} onClick={() => setConfirming('remove')}>
            Remove it…
          </button>
        </div>
      )}
    </div>
  );
}

function lostWithJob(job: JobDetail): string {
  const lost = [
    job.notes.length ? `${job.notes.length} note${job.notes.length === 1 ? '' : 's'}` : null,
    job.attachments.length ? `${job.attachments.length} attachment${job.attachments.length === 1 ? '' : 's'}` : null,
    job.localStatusText ? `the status "${job.localStatusText}"` : null,
  ].filter(Boolean);
  return lost.length ? `: ${lost.join(', ')}` : '';
}
