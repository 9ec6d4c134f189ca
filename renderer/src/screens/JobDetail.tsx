/** One job: every field, what is local only and why, status change, notes and attachments. */
import { useId, useState, type ChangeEvent } from 'react';
import { ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../../../shared/contract';
import type { JobDetail } from '../../../shared/domain';
import { formatDate, formatDateTime, formatMoney, statusLabel } from '../../../shared/format';
import { call } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { SyncBadge } from '../components/SyncBadge';
import { useLoad } from '../hooks';
import { useChangeCounter } from '../stores/live';

const TYPE_NAMES = 'PDF, JPEG, PNG, HEIC, text, CSV, Word or Excel';

export function JobDetailPanel({ jobId, onClose }: { jobId: number; onClose(): void }) {
  const changes = useChangeCounter('job');
  const job = useLoad<JobDetail>(() => call('jobs.get', { jobId }), [jobId, changes]);
  const [status, setStatus] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ids = { status: useId(), note: useId(), file: useId() };
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
    if (file.size > MAX_ATTACHMENT_BYTES) return setError(new Error(`${file.name} is larger than 10 MB. Attach a smaller file.`));
    if (!(ALLOWED_ATTACHMENT_TYPES as readonly string[]).includes(file.type)) return setError(new Error(`${file.name} is not a ${TYPE_NAMES} file.`));
    const reader = new FileReader();
    reader.onload = () => {
      const base64 = String(reader.result).split(',')[1] ?? '';
      void act(() => call('jobs.addAttachment', { jobId, fileName: file.name, mimeType: file.type as (typeof ALLOWED_ATTACHMENT_TYPES)[number], contentBase64: base64 }));
    };
    reader.readAsDataURL(file);
  }

  return (
    <aside className="split-detail" aria-label="Job detail">
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
            <SyncBadge state={j.syncState} /> {j.jobNumber ? `Ascora job ${j.jobNumber}` : 'Not yet in Ascora'}
          </p>
          {j.lastError ? <div className="notice notice-error">{j.lastError}</div> : null}
          {j.localOnlyReasons.length > 0 ? (
            <div className="notice notice-info">
              <strong>Local only: not in Ascora</strong>
              <ul>{j.localOnlyReasons.map((r) => <li key={r}>{r}</li>)}</ul>
            </div>
          ) : null}
          <dl className="fields">
            <dt>Status</dt>
            <dd>{j.localStatusText ? `${j.localStatusText} (in the app; Ascora: ${statusLabel(j.jobStatusText, j.jobStatus)})` : statusLabel(j.jobStatusText, j.jobStatus)}</dd>
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
          <pre className="description" tabIndex={0}>{j.jobDescription || '—'}</pre>

          <h3>Change status</h3>
          <p className="hint">Ascora's API cannot change a job's status, so the new status is kept in RestoreAssist Desk only.</p>
          <div className="inline-form">
            <label htmlFor={ids.status} className="sr-only">New status</label>
            <input id={ids.status} placeholder="e.g. Drying in progress" value={status} onChange={(e) => setStatus(e.target.value)} />
            <button type="button" disabled={busy || !status.trim()} onClick={() => void act(async () => { await call('jobs.updateStatus', { jobId, statusText: status }); setStatus(''); })}>
              Set status
            </button>
          </div>

          <h3>Notes</h3>
          <div className="inline-form">
            <label htmlFor={ids.note} className="sr-only">New note</label>
            <textarea id={ids.note} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
            <button type="button" disabled={busy || !note.trim()} onClick={() => void act(async () => { await call('jobs.addNote', { jobId, text: note }); setNote(''); })}>
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
          <input id={ids.file} type="file" accept={ALLOWED_ATTACHMENT_TYPES.join(',')} onChange={attach} disabled={busy} />
          <p className="hint">Up to 10 MB: {TYPE_NAMES}. Kept in the app's data folder; Ascora's API has no attachments.</p>
          <ul className="notes">
            {j.attachments.map((a) => (
              <li key={a.id}>
                {a.fileName} <span className="muted">({Math.ceil(a.sizeBytes / 1024).toLocaleString('en-AU')} KB, {formatDateTime(a.createdAt)})</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </aside>
  );
}
