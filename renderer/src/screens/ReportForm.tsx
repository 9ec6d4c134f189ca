/**
 * Create or edit a damage report. The form checks it against the contract's schema as main does,
 * and shows every problem beside its field.
 */
import { useState, type FormEvent } from 'react';
import { reportSchema } from '../../../shared/contract';
import { AU_STATES, DAMAGE_TYPES, SEVERITIES, type Report } from '../../../shared/domain';
import { plainProblems, type FieldProblem } from '../../../shared/plain-words';
import { call } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field, FormProblems, maxLengthOf, useProblems } from '../components/Field';

const EMPTY: Omit<Report, 'report_id'> = {
  property_address: '',
  damage_type: 'water',
  state: 'NSW',
  damage_description: '',
  summary: '',
  authority_to_proceed: '',
  client_name: '',
  insurance_company: '',
  claim_number: '',
  scope_of_work: [],
  compliance_notes: [],
  itemized_estimate: [],
  total_cost: 0,
  severity: 'Moderate',
  urgent: false,
  client_email: '',
  client_phone: '',
  assessor_name: '',
};

export function ReportForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial: Report | null;
  onSaved(r: Report): void;
  onCancel(): void;
}) {
  const [report, setReport] = useState<Report>(initial ?? { ...EMPTY, report_id: crypto.randomUUID() });
  const [error, setError] = useState<unknown>(null);
  const problems = useProblems();
  const set = <K extends keyof Report>(key: K, value: Report[K]) => {
    const next = { ...report, [key]: value };
    setReport(next);
    problems.recheck(reportProblems(next));
  };
  const lines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!problems.check(reportProblems(report))) return;
    try {
      onSaved(await call(initial ? 'reports.update' : 'reports.create', { report }));
    } catch (e) {
      if (!problems.fromError(e)) setError(e);
    }
  }

  const text = (key: TextKey, multiline?: { rows: number }) => (
    <Field
      label={REPORT_LABELS[key]}
      problem={problems.of(key)}
      value={report[key]}
      maxLength={maxLengthOf(reportSchema.shape[key])}
    >
      {(control) =>
        multiline ? (
          <textarea {...control} rows={multiline.rows} value={report[key]} onChange={(e) => set(key, e.target.value)} />
        ) : (
          <input {...control} value={report[key]} onChange={(e) => set(key, e.target.value)} />
        )
      }
    </Field>
  );
  const list = (key: 'scope_of_work' | 'compliance_notes', rows: number) => (
    <Field label={REPORT_LABELS[key]} problem={problems.of(key)}>
      {(control) => (
        <textarea
          {...control}
          rows={rows}
          value={report[key].join('\n')}
          onChange={(e) => set(key, lines(e.target.value))}
        />
      )}
    </Field>
  );

  return (
    <form
      className="card"
      onSubmit={(e) => void submit(e)}
      aria-label={initial ? 'Edit report' : 'New report'}
      noValidate
    >
      <h2>{initial ? 'Edit report' : 'New report'}</h2>
      <div className="form-grid">
        {text('client_name')}
        {text('property_address')}
        <Field label={REPORT_LABELS.state} problem={problems.of('state')}>
          {(control) => (
            <select {...control} value={report.state} onChange={(e) => set('state', e.target.value as Report['state'])}>
              {AU_STATES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={REPORT_LABELS.damage_type} problem={problems.of('damage_type')}>
          {(control) => (
            <select
              {...control}
              value={report.damage_type}
              onChange={(e) => set('damage_type', e.target.value as Report['damage_type'])}
            >
              {DAMAGE_TYPES.map((d) => (
                <option key={d} value={d}>
                  {d === 'mold' ? 'mould' : d}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={REPORT_LABELS.severity} problem={problems.of('severity')}>
          {(control) => (
            <select
              {...control}
              value={report.severity}
              onChange={(e) => set('severity', e.target.value as Report['severity'])}
            >
              {SEVERITIES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          )}
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={report.urgent} onChange={(e) => set('urgent', e.target.checked)} /> Urgent
        </label>
        {text('insurance_company')}
        {text('claim_number')}
        <Field label={REPORT_LABELS.total_cost} problem={problems.of('total_cost')}>
          {(control) => (
            <input
              {...control}
              type="number"
              min={0}
              step="0.01"
              value={report.total_cost}
              onChange={(e) => set('total_cost', Number(e.target.value))}
            />
          )}
        </Field>
        {text('client_email')}
        {text('client_phone')}
        {text('authority_to_proceed')}
      </div>
      {text('summary', { rows: 2 })}
      {text('damage_description', { rows: 3 })}
      {list('scope_of_work', 3)}
      {list('compliance_notes', 2)}
      {report.itemized_estimate.length > 0 ? (
        <p className="hint">
          {report.itemized_estimate.length} estimate lines from the imported report are kept as they are.
        </p>
      ) : null}
      <FormProblems problems={problems.elsewhere(Object.keys(REPORT_LABELS))} />
      <ErrorNotice error={error} />
      <div className="actions">
        <button type="submit">Save report</button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

type TextKey =
  | 'client_name'
  | 'property_address'
  | 'insurance_company'
  | 'claim_number'
  | 'client_email'
  | 'client_phone'
  | 'assessor_name'
  | 'authority_to_proceed'
  | 'summary'
  | 'damage_description';

/** The form's labels; a problem names the field as the form does. */
const REPORT_LABELS = {
  client_name: 'Client name',
  property_address: 'Property address (street, suburb STATE postcode)',
  state: 'State',
  damage_type: 'Damage type',
  severity: 'Severity',
  insurance_company: 'Insurer',
  claim_number: 'Claim number',
  total_cost: 'Total estimate (AUD)',
  client_email: 'Client email',
  client_phone: 'Client phone',
  assessor_name: 'Assessor',
  authority_to_proceed: 'Authority to proceed',
  summary: 'Summary',
  damage_description: 'Damage description',
  scope_of_work: 'Scope of work (one item per line)',
  compliance_notes: 'Compliance notes (one per line)',
} satisfies Partial<Record<keyof Report, string>>;

/** Every problem with the report as main checks it; an estimate line's problem names its line. */
function reportProblems(report: Report): FieldProblem[] {
  const parsed = reportSchema.safeParse(report);
  if (parsed.success) return [];
  return plainProblems(parsed.error.issues, {
    ...REPORT_LABELS,
    property_address: 'Property address',
    total_cost: 'Total estimate',
    scope_of_work: 'Scope of work',
    compliance_notes: 'Compliance notes',
  });
}
