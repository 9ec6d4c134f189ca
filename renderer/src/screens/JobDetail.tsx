/** One job: every field, what is local only and why, status change, notes and attachments. */
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../../../shared/contract';
import { AU_STATES, PRICING_METHODS, type JobDetail } from '../../../shared/domain';
import { formatDate, formatDateTime, formatMoney } from '../../../shared/format';
import { call } from '../api';
import { Confirm } from '../components/Confirm';
import { CustomerPicker } from '../components/CustomerPicker';
import { ErrorNotice } from '../components/ErrorNotice';
import { MissingRecordActions } from '../components/MissingRecordActions';
import { usePanel } from '../components/panel';
import { SyncBadge } from '../components/SyncBadge';
import { jobStatusWords, RECORD_STATE_WORDS, recordState } from '../../../shared/record-state';
import { useLoad } from '../hooks';
import { useChangeCounter } from '../stores/live';
import { useActiveIntegration } from '../stores/session';

const TYPE_NAMES = 'PDF, JPEG, PNG, HEIC, text, CSV, Word or Excel';

export function JobDetailPanel({ jobId, onClose }: { jobId: number; onClose(): void }) {
  const changes = useChangeCounter('job');
  const job = useLoad<JobDetail>(() => call('jobs.get', { jobId }), [jobId, changes]);
  const [status, setStatus] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ids = { status: useId(), note: useId(), file: useId() };
  const panel = usePanel<HTMLElement>(onClose);
  const j = job.value;

  async function act(fn: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
      await job.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function attach(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > MAX_ATTACHMENT_BYTES)
      return setError(new Error(`${file.name} is larger than 10 MB. Attach a smaller file.`));
    if (!(ALLOWED_ATTACHMENT_TYPES as readonly string[]).includes(file.type))
      return setError(new Error(`${file.name} is not a ${TYPE_NAMES} file.`));
    const reader = new FileReader();
    reader.onload = () => {
      const base64 = String(reader.result).split(',')[1] ?? '';
      void act(() =>
        call('jobs.addAttachment', {
          jobId,
          fileName: file.name,
          mimeType: file.type as (typeof ALLOWED_ATTACHMENT_TYPES)[number],
          contentBase64: base64,
        }),
      );
    };
    reader.readAsDataURL(file);
  }

  return (
    <aside className="split-detail" aria-label="Job detail" ref={panel} tabIndex={-1}>
      <div className="detail-head">
        <h2>{j ? (j.jobNumber ? `${j.jobNumber} · ${j.jobName}` : j.jobName) : 'Job'}</h2>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      <ErrorNotice error={job.error ?? error} />
      {j ? (
        <>
          <p>
            <SyncBadge record={j} /> {j.jobNumber ? <strong>{`Ascora job ${j.jobNumber}`}</strong> : null}{' '}
            <span>{RECORD_STATE_WORDS[recordState(j)].meaning}</span>
          </p>
          {j.lastError ? (
            <div className="notice notice-error">
              {j.syncState === 'failed' ? `Refused by Ascora: ${j.lastError}` : j.lastError}
            </div>
          ) : null}
          <MissingRecordActions entity="job" record={j} onRemoved={onClose} />
          {j.change ? (
            <JobRepair key={j.change.outboxId} job={j} onChanged={() => void job.reload()} onDiscarded={onClose} />
          ) : null}
          {j.localOnlyReasons.length > 0 ? (
            <div className="notice notice-info">
              <strong>Kept only on this computer</strong>
              <ul>
                {j.localOnlyReasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <dl className="fields">
            <dt>Status</dt>
            <dd>
              {j.localStatusText
                ? `${j.localStatusText} (in the app; Ascora: ${jobStatusWords(j)})`
                : jobStatusWords(j)}
            </dd>
            <dt>Customer</dt>
            <dd>{j.customerName ?? '—'}</dd>
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
            <dd>{j.pricingMethod ?? '—'}</dd>
            <dt>Total ex GST</dt>
            <dd>{formatMoney(j.totalExTaxCents)}</dd>
            <dt>Total inc GST</dt>
            <dd>{formatMoney(j.totalIncTaxCents)}</dd>
          </dl>
          <h3>Description</h3>
          <pre className="description" tabIndex={0}>
            {j.jobDescription || '—'}
          </pre>

          <h3>Change status</h3>
          <p className="hint">
            Ascora's API cannot change a job's status, so the new status is kept in RestoreAssist Desk only.
          </p>
          <div className="inline-form">
            <label htmlFor={ids.status} className="sr-only">
              New status
            </label>
            <input
              id={ids.status}
              placeholder="e.g. Drying in progress"
              value={status}
              onChange={(e) => setStatus(e.target.value)}
            />
            <button
              type="button"
              disabled={busy || !status.trim()}
              onClick={() =>
                void act(async () => {
                  await call('jobs.updateStatus', { jobId, statusText: status });
                  setStatus('');
                })
              }
            >
              Set status
            </button>
          </div>

          <h3>Notes</h3>
          <div className="inline-form">
            <label htmlFor={ids.note} className="sr-only">
              New note
            </label>
            <textarea id={ids.note} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
            <button
              type="button"
              disabled={busy || !note.trim()}
              onClick={() =>
                void act(async () => {
                  await call('jobs.addNote', { jobId, text: note });
                  setNote('');
                })
              }
            >
              Add note
            </button>
          </div>
          <ul className="notes">
            {j.notes.map((n) => (
              <li key={n.id}>
                <span className="muted">{formatDateTime(n.createdAt)}</span> {n.text}
              </li>
            ))}
          </ul>

          <h3>Attachments</h3>
          <label htmlFor={ids.file}>Attach a file</label>
          <input
            id={ids.file}
            type="file"
            accept={ALLOWED_ATTACHMENT_TYPES.join(',')}
            onChange={attach}
            disabled={busy}
          />
          <p className="hint">
            Up to 10 MB: {TYPE_NAMES}. Kept in the app's data folder; Ascora's API has no attachments.
          </p>
          <ul className="notes">
            {j.attachments.map((a) => (
              <li key={a.id}>
                {a.fileName}{' '}
                <span className="muted">
                  ({Math.ceil(a.sizeBytes / 1024).toLocaleString('en-AU')} KB, {formatDateTime(a.createdAt)})
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </aside>
  );
}

/**
 * A job made here that Ascora has not got: while it waits or after Ascora refused it, the person
 * changes its customer and fields and sends it again, or discards it (its report can then make a
 * job again). Once on the wire it is left alone.
 */
function JobRepair({ job: j, onChanged, onDiscarded }: { job: JobDetail; onChanged(): void; onDiscarded(): void }) {
  const integration = useActiveIntegration();
  const change = j.change!;
  const [mode, setMode] = useState<'view' | 'edit' | 'discard'>('view');
  const [customer, setCustomer] = useState<{ id: number | null; name: string | null }>({
    id: j.siteCustomerLocalId,
    name: j.customerName,
  });
  const [fields, setFields] = useState({
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
  const ids = {
    name: useId(),
    pricing: useId(),
    street: useId(),
    suburb: useId(),
    state: useId(),
    postcode: useId(),
    claim: useId(),
  };

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
      onChanged();
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
          <div className="form-grid">
            <label htmlFor={ids.name}>
              Job name
              <input
                id={ids.name}
                value={fields.jobName}
                maxLength={200}
                onChange={(e) => setFields({ ...fields, jobName: e.target.value })}
                required
              />
            </label>
            <label htmlFor={ids.pricing}>
              Pricing
              <select
                id={ids.pricing}
                value={fields.pricingMethod}
                onChange={(e) =>
                  setFields({ ...fields, pricingMethod: e.target.value as (typeof PRICING_METHODS)[number] })
                }
              >
                {PRICING_METHODS.map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </select>
            </label>
            <label htmlFor={ids.street}>
              Street
              <input
                id={ids.street}
                value={fields.addressLine1}
                onChange={(e) => setFields({ ...fields, addressLine1: e.target.value })}
              />
            </label>
            <label htmlFor={ids.suburb}>
              Suburb
              <input
                id={ids.suburb}
                value={fields.suburb}
                onChange={(e) => setFields({ ...fields, suburb: e.target.value })}
              />
            </label>
            <label htmlFor={ids.state}>
              State
              <select
                id={ids.state}
                value={fields.state ?? ''}
                onChange={(e) => setFields({ ...fields, state: (e.target.value || null) as typeof fields.state })}
              >
                <option value="">—</option>
                {AU_STATES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
            <label htmlFor={ids.postcode}>
              Postcode
              <input
                id={ids.postcode}
                value={fields.postcode}
                inputMode="numeric"
                onChange={(e) => setFields({ ...fields, postcode: e.target.value })}
              />
            </label>
            <label htmlFor={ids.claim}>
              Claim / client order
              <input
                id={ids.claim}
                value={fields.clientOrderNumber}
                onChange={(e) => setFields({ ...fields, clientOrderNumber: e.target.value })}
              />
            </label>
          </div>
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
