/** A record's state as a badge, in the app's one vocabulary (shared/record-state.ts). */
import { RECORD_STATE_WORDS, recordState, type RecordFacts, type RecordState } from '../../../shared/record-state';

export function StateBadge({ state }: { state: RecordState }) {
  const words = RECORD_STATE_WORDS[state];
  return (
    <span className={`badge badge-tone-${words.tone}`} title={words.meaning}>
      {words.label}
    </span>
  );
}

/** The badge for a row or a detail: the state is worked out from what the record says. */
export function SyncBadge({ record }: { record: RecordFacts }) {
  return <StateBadge state={recordState(record)} />;
}
