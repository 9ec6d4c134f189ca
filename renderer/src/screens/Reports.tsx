/**
 * Report to job: import RestoreAssist reports (several files at once, a result per file), create
 * or edit one, and turn it into an Ascora job with a preview side by side. Works offline: the job
 * appears at once as pending and is sent on the next sync.
 */
import { useId, useState } from 'react';
import { namesakeDetail } from '../../../shared/customer-names';
import { MAX_REPORT_CALL_BASE64_CHARS, MAX_REPORT_FILE_BYTES, type CustomerFields } from '../../../shared/contract';
import type {
  CustomerMatch,
  JobDetail,
  JobPreview,
  Report,
  ReportImportResult,
  ReportRow,
} from '../../../shared/domain';
import { formatDate, formatMoney, pricingWords, sentenceCase } from '../../../shared/format';
import { call } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { FilePickButton } from '../components/FilePickButton';
import { importBatches } from '../components/import-batches';
import { useCoreQuery } from '../cache';
import { useSession } from '../stores/session';
import { RECORD_STATE_WORDS } from '../../../shared/record-state';
import { ReportForm } from './ReportForm';

/**
 * A file's bytes in base64: main reads the encoding (UTF-8 or UTF-16) and checks the size per file.
 * Past the limit only one byte more than it is sent, enough for main to refuse that file alone.
 */
function readForImport(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '');
    reader.onerror = () => reject(reader.error ?? new Error(`${file.name} could not be read.`));
    reader.readAsDataURL(file.size > MAX_REPORT_FILE_BYTES ? file.slice(0, MAX_REPORT_FILE_BYTES + 1) : file);
  });
}

export function Reports({ integrationId }: { integrationId: number }) {
  const [search, setSearch] = useState('');
  // Asked again when the core says a report, or a job made from one, changed.
  const list = useCoreQuery('reports.list', { search }, { keepPrevious: true });
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<Report | 'new' | null>(null);
  const [results, setResults] = useState<ReportImportResult[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const ids = { search: useId(), files: useId() };

  async function importFiles(files: File[]) {
    try {
      const contents = await Promise.all(
        files.map(async (f) => ({ fileName: f.name, contentBase64: await readForImport(f) })),
      );
      // In calls of at most 12 MB each: one result per file, in the order chosen.
      const results: ReportImportResult[] = [];
      for (const batch of importBatches(contents, MAX_REPORT_CALL_BASE64_CHARS)) {
        results.push(...(await call('reports.import', { files: batch })));
      }
      setResults(results);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="screen" aria-labelledby="reports-title">
      <h1 id="reports-title">Report to job</h1>
      <div className="toolbar">
        <div className="field grow">
          <label htmlFor={ids.search}>Search reports</label>
          <input
            id={ids.search}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="Client or address"
          />
        </div>
        <FilePickButton
          label="Import reports…"
          inputLabel="Import RestoreAssist reports (JSON)"
          accept=".json,application/json"
          describedBy={ids.files}
          onFiles={(files) => void importFiles(files)}
        />
        <span id={ids.files} hidden>
          RestoreAssist report files (JSON), several at once
        </span>
        <button type="button" className="secondary" onClick={() => setEditing('new')}>
          New report
        </button>
      </div>
      <ErrorNotice error={error ?? list.error} />
      {results ? <ImportResults results={results} onDismiss={() => setResults(null)} /> : null}
      {editing ? (
        <ReportForm
          initial={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(r) => {
            setEditing(null);
            setSelected(r.report_id);
          }}
        />
      ) : null}
      <table className="table">
        <caption className="sr-only">Reports</caption>
        <thead>
          <tr>
            <th scope="col">Client</th>
            <th scope="col">Property</th>
            <th scope="col">Damage</th>
            <th scope="col">Severity</th>
            <th scope="col" className="num">
              Estimate
            </th>
            <th scope="col">Report date</th>
            <th scope="col">Insurer</th>
            <th scope="col">Claim</th>
            <th scope="col">Job</th>
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((r) => (
            <tr key={r.reportId} className={selected === r.reportId ? 'selected' : undefined}>
              <td className="nowrap">
                <button type="button" className="link" onClick={() => setSelected(r.reportId)}>
                  {r.clientName}
                </button>
              </td>
              <td>{r.propertyAddress}</td>
              <td>{sentenceCase(r.damageType === 'mold' ? 'mould' : r.damageType)}</td>
              <td>
                {sentenceCase(r.severity)}
                {r.urgent ? ', urgent' : ''}
              </td>
              <td className="num">{formatMoney(r.totalCostCents)}</td>
              <td className="nowrap">{reportDay(r.reportDate)}</td>
              <td>{r.insurer || '—'}</td>
              <td className="nowrap">{r.claimNumber || '—'}</td>
              <td>{r.jobId ? jobWords(r) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && list.data.length === 0 ? (
        <p className="hint">No reports yet: import a RestoreAssist report file or create one.</p>
      ) : null}
      {selected ? (
        <ReportToJob
          key={selected}
          integrationId={integrationId}
          reportId={selected}
          job={jobOf(list.data?.find((r) => r.reportId === selected))}
          onEdit={async () => setEditing(await call('reports.get', { reportId: selected }))}
        />
      ) : null}
    </section>
  );
}

/**
 * The report's day as the report has it: RestoreAssist writes its local time with its offset
 * ("2026-11-18T09:42:00+11:00" is the 18th wherever this office is). A UTC time (a report made
 * here) is a moment, shown as the office's day.
 */
function reportDay(iso: string | null): string {
  if (iso && /^\d{4}-\d{2}-\d{2}T[^Z]*[+-]\d{2}:?\d{2}$/.test(iso)) return formatDate(iso.slice(0, 10));
  return formatDate(iso);
}

/** The job a report made, as the list and the preview name it: its Ascora number once it has one. */
function jobWords(r: ReportRow): string {
  if (r.jobNumber) return `Ascora job ${r.jobNumber}`;
  return r.jobState ? RECORD_STATE_WORDS[r.jobState].label : 'Created';
}

interface ReportJob {
  id: number;
  /** What the preview says of it: its Ascora number, or where it stands and what that means. */
  line: string;
}

function jobOf(r: ReportRow | undefined): ReportJob | null {
  if (!r?.jobId) return null;
  if (r.jobNumber) return { id: r.jobId, line: `Ascora job ${r.jobNumber} was made from this report.` };
  const words = r.jobState ? RECORD_STATE_WORDS[r.jobState] : null;
  return {
    id: r.jobId,
    line: `A job was made from this report${words ? `: ${words.label}. ${words.meaning}` : '.'}`,
  };
}

const OUTCOME_WORDS: Record<ReportImportResult['outcome'], string> = {
  imported: 'imported',
  updated: 'already here: updated from this file',
  already_here: 'already here, nothing changed',
  refused: 'not imported, nothing was saved from it:',
};

function ImportResults({ results, onDismiss }: { results: ReportImportResult[]; onDismiss(): void }) {
  return (
    <div className="card" role="status" aria-label="Import results">
      <h2>Import results</h2>
      <ul className="results">
        {results.map((r) => (
          <li key={r.fileName} className={r.ok ? 'ok' : 'bad'}>
            <strong>{r.fileName}</strong>: {OUTCOME_WORDS[r.outcome]}
            {r.problems.length > 0 ? (
              <ul>
                {r.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
      <button type="button" className="secondary" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

/** An existing customer to choose, with what differs from the report beside it (its description too). */
function CustomerChoice({
  match: c,
  checked,
  disabled,
  onChoose,
}: {
  match: CustomerMatch;
  checked: boolean;
  disabled: boolean;
  onChoose(): void;
}) {
  const describedBy = useId();
  return (
    <div className="customer-choice">
      <label className="radio">
        <input
          type="radio"
          name="customer"
          disabled={disabled}
          checked={checked}
          onChange={onChoose}
          aria-describedby={describedBy}
        />
        {/* A name other customers share has its contact, suburb and phone beside it (namesakeDetail). */}
        Existing: {[c.customerName, c.emailAddress, namesakeDetail(c) || c.streetSuburb].filter(Boolean).join(' · ')}
      </label>
      <p id={describedBy} className="hint">
        {c.sameCustomer ? `The same ${listWords(c.same)} as the report.` : 'Not sure it is the same customer.'}
        {c.differences.length > 0 ? ` ${c.differences.join('. ')}.` : ''}
      </p>
    </div>
  );
}

/** "name, email and phone" */
function listWords(words: string[]): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : (words[0] ?? '');
}

function ReportToJob({
  integrationId,
  reportId,
  job,
  onEdit,
}: {
  integrationId: number;
  reportId: string;
  /** The job made from this report, if any: then the preview is read-only. */
  job: ReportJob | null;
  onEdit(): void;
}) {
  const preview = useCoreQuery('jobs.previewFromReport', { integrationId, reportId });
  const [choice, setChoice] = useState<'new' | number | null>(null);
  const [customer, setCustomer] = useState<JobPreview['newCustomer'] | null>(null);
  const [jobName, setJobName] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [created, setCreated] = useState<JobDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const openRecord = useSession((s) => s.openRecord);
  const hasJob = job !== null;
  const ids = { name: useId() };
  const p = preview.data;
  // Only a customer the preview is sure of is chosen for the person; otherwise "New customer".
  const chosen = choice ?? p?.preselectedCustomerId ?? 'new';
  const newCustomer = customer ?? p?.newCustomer ?? null;

  async function create() {
    if (!p || !newCustomer) return;
    try {
      const fields: Partial<CustomerFields> = {
        ...newCustomer,
        streetState: (newCustomer.streetState || null) as CustomerFields['streetState'],
      };
      setCreated(
        await call('jobs.createFromReport', {
          integrationId,
          reportId,
          customer: chosen === 'new' ? { mode: 'new', fields } : { mode: 'existing', customerId: chosen },
          overrides: jobName ? { jobName } : {},
        }),
      );
      setConfirming(false);
    } catch (e) {
      setError(e);
    }
  }

  if (preview.error) return <ErrorNotice error={preview.error} />;
  if (!p || !newCustomer) return <p aria-live="polite">Preparing the preview…</p>;
  return (
    <div className="card preview" aria-label="Job preview">
      <div className="detail-head">
        <h2>{hasJob ? 'Preview (read-only): the job made from this report' : 'Preview: the job Ascora will get'}</h2>
        {!hasJob ? (
          <button type="button" className="secondary" onClick={onEdit}>
            Edit report
          </button>
        ) : null}
      </div>
      {job ? (
        <div className="notice notice-info" role="status" aria-label="Job from this report">
          <div>
            {job.line}{' '}
            <button type="button" className="link" onClick={() => openRecord({ entity: 'job', id: job.id })}>
              Open the job
            </button>
          </div>
          <p className="hint">
            The preview below is read-only: a job was already made from this report, and Ascora jobs cannot be corrected
            after they are created.
          </p>
        </div>
      ) : null}
      {p.warnings.map((w) => (
        <div key={w} className="notice notice-info">
          {w}
        </div>
      ))}
      <div className="preview-grid">
        <section aria-label="Ascora job">
          <h3>Job</h3>
          <label htmlFor={ids.name}>Job name</label>
          <input
            id={ids.name}
            readOnly={hasJob}
            value={jobName ?? p.job.jobName}
            maxLength={200}
            onChange={(e) => setJobName(e.target.value)}
          />
          <dl className="fields">
            <dt>Address</dt>
            <dd>{[p.job.addressLine1, p.job.suburb, p.job.state, p.job.postcode].filter(Boolean).join(', ')}</dd>
            <dt>Claim number</dt>
            <dd>{p.job.clientOrderNumber || '—'}</dd>
            <dt>Pricing</dt>
            <dd>{pricingWords(p.job.pricingMethod)}</dd>
            <dt>Total ex GST</dt>
            <dd>{formatMoney(p.job.totalExTaxCents)}</dd>
            <dt>Total inc GST</dt>
            <dd>{formatMoney(p.job.totalIncTaxCents)}</dd>
          </dl>
          <h4>Description</h4>
          <pre className="description" tabIndex={0}>
            {p.job.jobDescription}
          </pre>
        </section>
        <section aria-label="Site customer">
          <h3>Site customer</h3>
          <fieldset>
            <legend className="sr-only">Which customer</legend>
            {p.customerMatches.map((c) => (
              <CustomerChoice
                key={c.id}
                match={c}
                checked={chosen === c.id}
                disabled={hasJob}
                onChoose={() => setChoice(c.id)}
              />
            ))}
            <label className="radio">
              <input
                type="radio"
                name="customer"
                disabled={hasJob}
                checked={chosen === 'new'}
                onChange={() => setChoice('new')}
              />
              New customer
            </label>
          </fieldset>
          {!hasJob && choice === null && p.customerMatches.length > 0 && p.preselectedCustomerId === null ? (
            <p className="hint">
              No existing customer has this report's name and its email or phone, so none was chosen: check the
              differences, then choose one, or keep New customer.
            </p>
          ) : null}
          {chosen === 'new' ? (
            <div className="form-grid">
              {(
                [
                  ['contactFirstName', 'First name'],
                  ['contactLastName', 'Last name'],
                  ['companyName', 'Company'],
                  ['emailAddress', 'Email'],
                  ['phoneNumber', 'Phone'],
                  ['streetLine1', 'Street'],
                  ['streetSuburb', 'Suburb'],
                  ['streetState', 'State'],
                  ['streetPostcode', 'Postcode'],
                ] as const
              ).map(([key, label]) => (
                <label key={key}>
                  {label}
                  <input
                    readOnly={hasJob}
                    value={newCustomer[key]}
                    onChange={(e) => setCustomer({ ...newCustomer, [key]: e.target.value })}
                  />
                </label>
              ))}
            </div>
          ) : null}
        </section>
      </div>
      <ErrorNotice error={error} />
      {created ? (
        <div className="notice notice-ok" role="status">
          Job saved: it is waiting to be sent to Ascora with the next sync.
        </div>
      ) : hasJob ? null : confirming ? (
        <div className="notice notice-info" role="alertdialog" aria-label="Confirm job creation">
          Jobs cannot be corrected in Ascora after they are created. Create this job?{' '}
          <button type="button" onClick={() => void create()}>
            Yes, create the job
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Go back
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          Create job
        </button>
      )}
    </div>
  );
}
