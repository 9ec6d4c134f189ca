/**
 * One job, with what a phone call about it needs: the customer's phone and email, the site contact,
 * the job's invoices and payments, notes (signed, changeable) and attachments (open, save, remove,
 * dropped onto the panel), a status from a pick list, and a way into Ascora.
 */
import { useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue } from 'react-aria-components';
import { ATTACHMENT_TYPE_NAMES, MAX_ATTACHMENT_BYTES } from '../../../shared/contract';
import { AU_STATES, PRICING_METHODS, type EnteredInAscora, type JobDetail, type JobNote } from '../../../shared/domain';
import { formatDate, formatDateTime, formatMoney, pricingWords } from '../../../shared/format';
import { NO_GST_WORDS, remainingInWords } from '../../../shared/invoice-figures';
import { call } from '../api';
import { AttachmentThumbnail } from '../components/AttachmentThumbnail';
import { Confirm } from '../components/Confirm';
import { ContactLinks } from '../components/ContactLinks';
import { RecordLink } from '../components/RecordLink';
import { CustomerPicker } from '../components/CustomerPicker';
import { ErrorNotice } from '../components/ErrorNotice';
import { FilePickButton } from '../components/FilePickButton';
import { MissingRecordActions } from '../components/MissingRecordActions';
import { usePanel } from '../components/panel';
import { saveFile } from '../components/save-file';
import { SyncBadge } from '../components/SyncBadge';
import { jobStatusWords, RECORD_STATE_WORDS, recordState } from '../../../shared/record-state';
import { useCoreCommand, useCoreQuery } from '../cache';
import { useActiveIntegration, useUnsavedChangesGuard } from '../stores/session';
import { openToEnter } from './ToEnter';
import './panels.css';

export function JobDetailPanel({ jobId, onClose }: { jobId: number; onClose(): void }) {
  // Asked for again only when the core says this job changed (a note, a status, a sync).
  const job = useCoreQuery('jobs.get', { jobId }, { plain: true });
  const [error, setError] = useState<unknown>(null);
  const panel = usePanel<HTMLElement>(onClose);
  const [dropping, setDropping] = useState(false);
  const attaching = useAttach(jobId);
  const j = job.data;

  function onDragOver(event: DragEvent) {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    setDropping(true);
  }
  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDropping(false);
    // Files dropped anywhere on the panel are attached; what went wrong shows in the attachments section.
    void attaching.attach([...event.dataTransfer.files]);
  }

  return (
    <aside
      className={dropping ? 'split-detail job-panel dropping' : 'split-detail job-panel'}
      aria-label="Job detail"
      ref={panel}
      tabIndex={-1}
      onDragOver={onDragOver}
      onDragLeave={() => setDropping(false)}
      onDrop={onDrop}
    >
      <div className="detail-head">
        <h2>{j ? (j.jobNumber ? `${j.jobNumber} · ${j.jobName}` : j.jobName) : 'Job'}</h2>
        {j?.ascoraUrl ? (
          <a className="button secondary" href={j.ascoraUrl} target="_blank" rel="noopener noreferrer">
            Open in Ascora
          </a>
        ) : null}
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
          {j.ascoraUrl && j.jobNumber ? (
            <p className="hint">Open in Ascora opens Ascora's sign-in page: look up {j.jobNumber} there.</p>
          ) : null}
          {j.lastError ? (
            <div className="notice notice-error">
              {j.syncState === 'failed' ? `Refused by Ascora: ${j.lastError}` : j.lastError}
            </div>
          ) : null}
          <MissingRecordActions entity="job" record={j} onRemoved={onClose} />
          {j.change ? <JobRepair key={j.change.outboxId} job={j} onDiscarded={onClose} /> : null}
          {j.localOnlyReasons.length > 0 ? (
            <div className="notice notice-info">
              <strong>Only on this computer</strong>
              <ul>
                {j.localOnlyReasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
              <button type="button" className="link" onClick={openToEnter}>
                See what is to enter in Ascora
              </button>
            </div>
          ) : null}

          <section className="contact" aria-label="Customer contact">
            <h3>Customer</h3>
            {j.contact ? (
              <>
                <RecordLink className="contact-name" to={{ entity: 'customer', id: j.contact.customerId }}>
                  {j.contact.name || j.customerName || 'Unnamed customer'}
                </RecordLink>
                <ContactLinks {...j.contact} />
              </>
            ) : (
              <p>{j.customerName ?? '—'}</p>
            )}
            {j.siteContactName ? <p>Site contact: {j.siteContactName}</p> : null}
          </section>

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

          <JobInvoices job={j} />

          <h3>Description</h3>
          <pre className="description" tabIndex={0}>
            {j.jobDescription || '—'}
          </pre>

          <StatusPicker job={j} onError={setError} />
          {/* A new box for each job: a note begun for one is never added to the next one opened. */}
          <Notes key={j.id} job={j} />
          <Attachments job={j} attaching={attaching} />
        </>
      ) : null}
    </aside>
  );
}

function JobInvoices({ job: j }: { job: JobDetail }) {
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

const OTHER = '__other__';

/** A status from those in the mirror (so a typo never makes a new one), or "Other…" typed in. */
function StatusPicker({ job: j, onError }: { job: JobDetail; onError(error: unknown): void }) {
  const integration = useActiveIntegration();
  // The Jobs list's status filter asks the same: one answer for both.
  const statuses = useCoreQuery('jobs.statuses', { integrationId: integration?.id ?? 0 }, { enabled: !!integration });
  const updateStatus = useCoreCommand('jobs.updateStatus');
  const [choice, setChoice] = useState<string | null>(null);
  const [other, setOther] = useState('');
  const [busy, setBusy] = useState(false);
  const otherId = useId();
  const value = choice === OTHER ? other.trim() : choice;
  const items = [...(statuses.data ?? []).map((s) => ({ id: s, name: s })), { id: OTHER, name: 'Other…' }];

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!value) return;
    setBusy(true);
    onError(null);
    try {
      await updateStatus.mutateAsync({ jobId: j.id, statusText: value });
      setChoice(null);
      setOther('');
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby={`status-${j.id}`}>
      <h3 id={`status-${j.id}`}>Change status</h3>
      <p className="hint">
        Ascora's API cannot change a job's status, so the new status is kept in RestoreAssist Desk only.
      </p>
      <div className="inline-form">
        <Select
          className="pick"
          selectedKey={choice}
          onSelectionChange={(key) => setChoice(key === null ? null : String(key))}
          placeholder="Choose a status"
        >
          <Label className="sr-only">New status</Label>
          <Button className="pick-button">
            <SelectValue />
            <span aria-hidden="true">▾</span>
          </Button>
          <Popover className="pick-popover">
            <ListBox items={items} className="pick-list">
              {(item) => (
                <ListBoxItem id={item.id} className="pick-item">
                  {item.name}
                </ListBoxItem>
              )}
            </ListBox>
          </Popover>
        </Select>
        {choice === OTHER ? (
          <>
            <label htmlFor={otherId} className="sr-only">
              Other status
            </label>
            <input
              id={otherId}
              value={other}
              maxLength={100}
              placeholder="Type the status"
              onChange={(e) => setOther(e.target.value)}
              autoFocus
            />
          </>
        ) : null}
        <button type="submit" disabled={busy || !value}>
          Set status
        </button>
      </div>
    </form>
  );
}

function Notes({ job: j }: { job: JobDetail }) {
  const addNote = useCoreCommand('jobs.addNote');
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  // Said politely once a note is in (the box keeps the focus, so nothing else tells a screen reader).
  const [added, setAdded] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  const noteId = useId();
  // Another job (the next one, j) or screen asks first while a note is begun and not added.
  useUnsavedChangesGuard(text.trim() !== '');

  async function add(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setAdded('');
    try {
      await addNote.mutateAsync({ jobId: j.id, text });
      setText('');
      setAdded('Note added.');
      // The button is disabled once the box is empty, and a disabled button drops the focus to the
      // page: the box takes it, ready for the next note.
      box.current?.focus();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section aria-labelledby={`notes-${j.id}`}>
      <h3 id={`notes-${j.id}`}>Notes</h3>
      <form className="inline-form" onSubmit={(e) => void add(e)}>
        <label htmlFor={noteId} className="sr-only">
          New note
        </label>
        <textarea
          id={noteId}
          ref={box}
          rows={2}
          value={text}
          maxLength={10_000}
          onChange={(e) => {
            setText(e.target.value);
            setAdded('');
          }}
        />
        <button type="submit" disabled={!text.trim()}>
          Add note
        </button>
      </form>
      <p role="status" className="sr-only">
        {added}
      </p>
      <ErrorNotice error={error} />
      <ul className="notes">
        {j.notes.map((n) => (
          <NoteItem key={n.id} note={n} />
        ))}
      </ul>
    </section>
  );
}

/** Notes stay in the app (Ascora has none), so each may be changed or deleted. */
function NoteItem({ note: n }: { note: JobNote }) {
  const editNote = useCoreCommand('jobs.editNote');
  const deleteNote = useCoreCommand('jobs.deleteNote');
  const [mode, setMode] = useState<'view' | 'edit' | 'delete'>('view');
  const [text, setText] = useState(n.text);
  const [error, setError] = useState<unknown>(null);
  const fieldId = useId();
  const byline = `${n.author || 'Someone'}, ${formatDateTime(n.createdAt)}${n.editedAt ? ` (changed ${formatDateTime(n.editedAt)})` : ''}${enteredWords(n.enteredInAscora)}`;

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await editNote.mutateAsync({ noteId: n.id, text });
      setMode('view');
    } catch (e) {
      setError(e);
    }
  }

  return (
    <li className="note">
      <div className="muted">{byline}</div>
      {mode === 'edit' ? (
        <form onSubmit={(e) => void save(e)} aria-label={`Change the note by ${n.author || 'someone'}`}>
          <label htmlFor={fieldId} className="sr-only">
            Note
          </label>
          <textarea
            id={fieldId}
            rows={3}
            value={text}
            maxLength={10_000}
            onChange={(e) => setText(e.target.value)}
            autoFocus
          />
          <div className="actions">
            <button type="submit" disabled={!text.trim()}>
              Save note
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setText(n.text);
                setMode('view');
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p className="note-text">{n.text}</p>
      )}
      {mode === 'delete' ? (
        <Confirm
          label="Delete the note"
          confirmLabel="Delete note"
          onCancel={() => setMode('view')}
          onConfirm={() =>
            deleteNote.mutateAsync({ noteId: n.id }).catch((e: unknown) => {
              setError(e);
              setMode('view');
            })
          }
        >
          Delete this note? It is only in this app, so it cannot be got back.
        </Confirm>
      ) : null}
      {mode === 'view' ? (
        <div className="row-actions">
          <button type="button" className="link" onClick={() => setMode('edit')}>
            Change note
          </button>
          <button type="button" className="link" onClick={() => setMode('delete')}>
            Delete note
          </button>
        </div>
      ) : null}
      <ErrorNotice error={error} />
    </li>
  );
}

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '');
    reader.onerror = () => reject(new Error(`${file.name} could not be read. Pick it again.`));
    reader.readAsDataURL(file);
  });
}

/** Attaching files (picked or dropped on the panel), with each file's problem kept to show beside the section. */
function useAttach(jobId: number) {
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function attach(files: File[]) {
    if (files.length === 0) return;
    setBusy(true);
    const problems: string[] = [];
    for (const file of files) {
      if (file.size > MAX_ATTACHMENT_BYTES) {
        problems.push(`${file.name} is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB. Attach a smaller file.`);
        continue;
      }
      try {
        // The type is read from the content in main; what the browser guessed is only passed on.
        await call('jobs.addAttachment', {
          jobId,
          fileName: file.name,
          mimeType: file.type || undefined,
          contentBase64: await readAsBase64(file),
        });
      } catch (e) {
        problems.push(e instanceof Error ? e.message : String(e));
      }
    }
    setErrors(problems);
    setBusy(false);
  }
  return { attach, errors, setErrors, busy };
}

function Attachments({ job: j, attaching }: { job: JobDetail; attaching: ReturnType<typeof useAttach> }) {
  const { attach, errors, setErrors, busy } = attaching;
  const [removing, setRemoving] = useState<number | null>(null);
  const hintId = useId();

  async function open(attachmentId: number) {
    setErrors([]);
    try {
      const result = await call('jobs.openAttachment', { attachmentId });
      // The browser host cannot open the OS viewer: it downloads the file instead.
      if (!result.canOpen) await saveCopy(attachmentId);
      else if (!result.opened)
        setErrors(['The file could not be opened: no program on this computer opens it. Save a copy instead.']);
    } catch (e) {
      setErrors([e instanceof Error ? e.message : String(e)]);
    }
  }

  async function saveCopy(attachmentId: number) {
    setErrors([]);
    try {
      const file = await call('jobs.readAttachment', { attachmentId });
      saveFile(file.fileName, file.mimeType, file.contentBase64);
    } catch (e) {
      setErrors([e instanceof Error ? e.message : String(e)]);
    }
  }

  return (
    <section aria-labelledby={`attachments-${j.id}`} className="attachments">
      <h3 id={`attachments-${j.id}`}>Attachments</h3>
      <div className="drop-zone">
        <FilePickButton
          label="Add attachment…"
          inputLabel="Attach files"
          disabled={busy}
          describedBy={hintId}
          onFiles={(files) => void attach(files)}
        />
        <p className="hint" id={hintId}>
          Or drop files on this panel. Up to 10 MB each: {ATTACHMENT_TYPE_NAMES}. Kept in the app's data folder;
          Ascora's API has no attachments.
        </p>
      </div>
      {busy ? <p role="status">Attaching…</p> : null}
      {errors.length > 0 ? (
        <div role="alert" className="notice notice-error">
          {errors.length === 1 ? (
            errors[0]
          ) : (
            <ul>
              {errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
      <ul className="notes">
        {j.attachments.map((a) => (
          <li key={a.id} className="attachment with-thumb">
            <AttachmentThumbnail attachment={a} />
            <span className="attachment-name">{a.fileName}</span>{' '}
            <span className="muted">
              ({Math.ceil(a.sizeBytes / 1024).toLocaleString('en-AU')} KB, {formatDateTime(a.createdAt)}
              {enteredWords(a.enteredInAscora)})
            </span>
            {removing === a.id ? (
              <Confirm
                label={`Remove ${a.fileName}`}
                confirmLabel="Remove attachment"
                onCancel={() => setRemoving(null)}
                onConfirm={() =>
                  call('jobs.removeAttachment', { attachmentId: a.id }).then(
                    () => setRemoving(null),
                    (e: unknown) => {
                      setRemoving(null);
                      setErrors([e instanceof Error ? e.message : String(e)]);
                    },
                  )
                }
              >
                Remove {a.fileName}? The copy in the app is deleted; the file you attached from is left as it is.
              </Confirm>
            ) : (
              <div className="row-actions">
                <button
                  type="button"
                  className="link"
                  onClick={() => void open(a.id)}
                  aria-label={`Open ${a.fileName}`}
                >
                  Open
                </button>
                <button
                  type="button"
                  className="link"
                  onClick={() => void saveCopy(a.id)}
                  aria-label={`Save a copy of ${a.fileName}`}
                >
                  Save a copy
                </button>
                <button
                  type="button"
                  className="link"
                  onClick={() => setRemoving(a.id)}
                  aria-label={`Remove ${a.fileName}`}
                >
                  Remove
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * A job made here that Ascora has not got: while it waits or after Ascora refused it, the person
 * changes its customer and fields and sends it again, or discards it (its report can then make a
 * job again). Once on the wire it is left alone.
 */
function JobRepair({ job: j, onDiscarded }: { job: JobDetail; onDiscarded(): void }) {
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
                  <option key={m} value={m}>
                    {pricingWords(m)}
                  </option>
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

/** ", entered in Ascora by Sam on 7/12/2026 3:40 pm": what "Done in Ascora" left on the record. */
function enteredWords(entered: EnteredInAscora | null | undefined): string {
  if (!entered) return '';
  return `, entered in Ascora${entered.by ? ` by ${entered.by}` : ''} ${formatDateTime(entered.at)}`;
}
