import type { JobDetail } from '../../../../shared/domain';
import { RECORD_STATE_WORDS, recordState } from '../../../../shared/record-state';
import { MissingRecordActions } from '../../components/MissingRecordActions';
import { SyncBadge } from '../../components/SyncBadge';
import { openToEnter } from '../ToEnter';
import { JobRepair } from './JobRepair';

/**
 * Where the job stands with Ascora: its sync state and number, what Ascora refused, a job gone from
 * Ascora or not yet sent (and how to put it right), and what is kept only on this computer.
 */
export function JobStanding({ job: j, onGone }: { job: JobDetail; onGone(): void }) {
  return (
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
      <MissingRecordActions entity="job" record={j} onRemoved={onGone} />
      {j.change ? <JobRepair key={j.change.outboxId} job={j} onDiscarded={onGone} /> : null}
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
    </>
  );
}
