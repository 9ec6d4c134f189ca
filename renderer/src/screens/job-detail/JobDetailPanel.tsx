/**
 * One job, with what a phone call about it needs: the customer's phone and email, the site contact,
 * the job's invoices and payments, notes (signed, changeable) and attachments (open, save, remove,
 * dropped onto the panel), a status from a pick list, and a way into Ascora.
 */
import { useState, type DragEvent } from 'react';
import { useCoreQuery } from '../../cache';
import { ErrorNotice } from '../../components/ErrorNotice';
import { usePanel } from '../../components/panel';
import { Attachments } from './Attachments';
import { JobCustomer } from './JobCustomer';
import { JobFields } from './JobFields';
import { JobInvoices } from './JobInvoices';
import { JobStanding } from './JobStanding';
import { Notes } from './Notes';
import { StatusPicker } from './StatusPicker';
import { useAttach } from './use-attach';
import '../panels.css';

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
          <JobStanding job={j} onGone={onClose} />
          <JobCustomer job={j} />
          <JobFields job={j} />
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
