/** Create or edit a damage report. Main validates against the contract and answers field by field. */
import { useState, type FormEvent } from 'react';
import { AU_STATES, DAMAGE_TYPES, SEVERITIES, type Report } from '../../../shared/domain';
import { call } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';

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
  const set = <K extends keyof Report>(key: K, value: Report[K]) => setReport((r) => ({ ...r, [key]: value }));
  const lines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      onSaved(await call(initial ? 'reports.update' : 'reports.create', { report }));
    } catch (e) {
      setError(e);
    }
  }

  const text = (
    key:
      | 'client_name'
      | 'property_address'
      | 'insurance_company'
      | 'claim_number'
      | 'client_email'
      | 'client_phone'
      | 'assessor_name'
      | 'authority_to_proceed',
    label: string,
  ) => (
    <label>
      {label}
      <input value={report[key]} onChange={(e) => set(key, e.target.value)} />
    </label>
  );

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-label={initial ? 'Edit report' : 'New report'}>
      <h2>{initial ? 'Edit report' : 'New report'}</h2>
      <div className="form-grid">
        {text('client_name', 'Client name')}
        {text('property_address', 'Property address (street, suburb STATE postcode)')}
        <label>
          State
          <select value={report.state} onChange={(e) => set('state', e.target.value as Report['state'])}>
            {AU_STATES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Damage type
          <select
            value={report.damage_type}
            onChange={(e) => set('damage_type', e.target.value as Report['damage_type'])}
          >
            {DAMAGE_TYPES.map((d) => (
              <option key={d} value={d}>
                {d === 'mold' ? 'mould' : d}
              </option>
            ))}
          </select>
        </label>
        <label>
          Severity
          <select value={report.severity} onChange={(e) => set('severity', e.target.value as Report['severity'])}>
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={report.urgent} onChange={(e) => set('urgent', e.target.checked)} /> Urgent
        </label>
        {text('insurance_company', 'Insurer')}
        {text('claim_number', 'Claim number')}
        <label>
          Total estimate (AUD)
          <input
            type="number"
            min={0}
            step="0.01"
            value={report.total_cost}
            onChange={(e) => set('total_cost', Number(e.target.value))}
          />
        </label>
        {text('client_email', 'Client email')}
        {text('client_phone', 'Client phone')}
        {text('authority_to_proceed', 'Authority to proceed')}
      </div>
      <label>
        Summary
        <textarea rows={2} value={report.summary} onChange={(e) => set('summary', e.target.value)} />
      </label>
      <label>
        Damage description
        <textarea
          rows={3}
          value={report.damage_description}
          onChange={(e) => set('damage_description', e.target.value)}
        />
      </label>
      <label>
        Scope of work (one item per line)
        <textarea
          rows={3}
          value={report.scope_of_work.join('\n')}
          onChange={(e) => set('scope_of_work', lines(e.target.value))}
        />
      </label>
      <label>
        Compliance notes (one per line)
        <textarea
          rows={2}
          value={report.compliance_notes.join('\n')}
          onChange={(e) => set('compliance_notes', lines(e.target.value))}
        />
      </label>
      {report.itemized_estimate.length > 0 ? (
        <p className="hint">
          {report.itemized_estimate.length} estimate lines from the imported report are kept as they are.
        </p>
      ) : null}
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
