/**
 * One vocabulary for where a record stands with Ascora, used by every list, panel, filter, badge
 * and count: the words a person reads are decided here, once, from what the core knows (the row's
 * sync state, whether Ascora still lists it, and its change on the way, when known).
 */
import type { JobRow, OpenChange, PaymentState, SyncState } from './domain';
import { statusLabel } from './format';

export const RECORD_STATES = [
  'waiting',
  'sending',
  'in_ascora',
  'refused',
  'check',
  'conflict',
  'missing',
  'local_only',
  'to_enter',
] as const;
export type RecordState = (typeof RECORD_STATES)[number];

export interface RecordStateWords {
  /** The badge. */
  label: string;
  /** What it means and what to do, one sentence (the badge's title, the panels' line). */
  meaning: string;
  /** The badge's colour: ok (nothing to do), wait (it goes by itself), act (a person must act), quiet. */
  tone: 'ok' | 'wait' | 'act' | 'quiet';
}

export const RECORD_STATE_WORDS: Record<RecordState, RecordStateWords> = {
  waiting: { label: 'Waiting to send', meaning: 'Saved here; it is sent to Ascora with the next sync.', tone: 'wait' },
  sending: { label: 'Sending', meaning: 'Being sent to Ascora now.', tone: 'wait' },
  in_ascora: { label: 'In Ascora', meaning: 'The same as in Ascora.', tone: 'ok' },
  refused: {
    label: 'Refused by Ascora',
    meaning: 'Ascora refused it: its message says why. Change it and send it again, or discard it.',
    tone: 'act',
  },
  check: {
    label: 'Check in Ascora',
    meaning: 'It was sent but the answer was lost: look in Ascora and say here whether it is there.',
    tone: 'act',
  },
  conflict: {
    label: 'Changed on both sides',
    meaning: 'Changed here and in Ascora: choose, field by field, which to keep.',
    tone: 'act',
  },
  missing: {
    label: 'No longer in Ascora',
    meaning: 'Ascora no longer has it (deleted or merged there). It is kept here as it was.',
    tone: 'quiet',
  },
  local_only: {
    label: 'No longer in Ascora, kept here',
    meaning: 'Ascora no longer has it (deleted or merged there); you chose to keep it, so it is only on this computer.',
    tone: 'quiet',
  },
  to_enter: {
    label: 'To enter in Ascora',
    meaning:
      "In Ascora, but its status, notes or attachments set here are only on this computer (Ascora's API cannot take them): enter them in Ascora by hand, then mark them done under To enter in Ascora.",
    tone: 'act',
  },
};

/** What a record says about itself; `change` only where the caller has it (a detail panel). */
export interface RecordFacts {
  syncState: SyncState;
  remoteMissing?: boolean;
  /** Ascora no longer has it and a person chose to keep it here: it is settled, not a question. */
  keptLocally?: boolean;
  /** A customer create parked for a person's check (its row says failed). */
  needsCheck?: boolean;
  change?: OpenChange | null;
}

/**
 * The one state to show. What a person must act on first comes first; "no longer in Ascora"
 * outranks the quieter states, so such a record is never shown as in Ascora.
 */
export function recordState(r: RecordFacts): RecordState {
  if (r.change?.state === 'sending') return 'sending';
  if (r.change?.state === 'check' || r.needsCheck) return 'check';
  if (r.syncState === 'conflict') return 'conflict';
  if (r.syncState === 'failed' || r.change?.state === 'refused') return 'refused';
  if (r.remoteMissing) return r.keptLocally ? 'local_only' : 'missing';
  if (r.syncState === 'pending') return 'waiting';
  // Work Ascora's API cannot take, not yet entered there by hand (the job itself is in Ascora).
  if (r.syncState === 'local_only') return 'to_enter';
  return 'in_ascora';
}

/** A payment's state in the same words. */
export function paymentRecordState(state: PaymentState): RecordState {
  return state === 'pending' ? 'waiting' : state === 'synced' ? 'in_ascora' : state === 'failed' ? 'refused' : 'check';
}

/** The list filters: each offers exactly the records its badge is shown on (services/list-state.ts). */
export const RECORD_FILTERS = [
  'waiting',
  'in_ascora',
  'refused',
  'check',
  'conflict',
  'missing',
  'local_only',
  'to_enter',
] as const;
export type RecordFilter = (typeof RECORD_FILTERS)[number];

/**
 * A job's status as the lists, the panel and the status filter show it: Ascora's status, or, for a
 * job made here that Ascora has not got yet (it has no status there), "Waiting to send" ("Refused
 * by Ascora" once refused), never "Unknown". Read from the row alone, as the filter's index is
 * (EFFECTIVE_STATUS in main/core/services/jobs.ts), so a change being sent does not make the panel
 * say otherwise than the list and the filter.
 */
export function jobStatusWords(
  job: Pick<JobRow, 'ascoraJobId' | 'jobStatusText' | 'jobStatus'> & Pick<RecordFacts, 'syncState'>,
): string {
  if (job.ascoraJobId === null && !job.jobStatusText && job.jobStatus === null)
    return RECORD_STATE_WORDS[job.syncState === 'failed' ? 'refused' : 'waiting'].label;
  return statusLabel(job.jobStatusText, job.jobStatus);
}
