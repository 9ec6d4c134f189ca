/** A record's state as a badge, in the app's one vocabulary (shared/record-state.ts). */
import { RECORD_STATE_WORDS, recordState, type RecordFacts, type RecordState } from '../../../shared/record-state';
import type { ListColumn } from './DataTable';

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

/**
 * A list's "Ascora" column: the record's badge, its words for the tooltip and the CSV alike. Last
 * in its list, it takes a share of the width left over, so the table fills the window whatever was
 * resized; a small share and a narrow minimum (its badge wraps to two lines), so the name columns
 * have the width beside an open record.
 */
export function stateColumn<T extends RecordFacts>(): ListColumn<T> {
  return {
    id: 'sync',
    label: 'Ascora',
    width: '1fr',
    minWidth: 104,
    text: (r) => RECORD_STATE_WORDS[recordState(r)].label,
    render: (r) => <SyncBadge record={r} />,
  };
}
