import { useCoreQuery } from '../../cache';
import { ConflictView } from '../ConflictView';

/** Records changed both here and in Ascora, each with its decision. */
export function Conflicts({ integrationId }: { integrationId: number }) {
  const conflicts = useCoreQuery('conflicts.list', { integrationId }, { plain: true });
  return (
    <>
      <h3>Changed on both sides {conflicts.data && conflicts.data.length > 0 ? `(${conflicts.data.length})` : ''}</h3>
      {conflicts.data && conflicts.data.length === 0 ? (
        <p className="hint">No conflicts: nothing needs a decision.</p>
      ) : null}
      {conflicts.data?.map((c) => (
        <div key={c.id}>
          <h4>{c.recordLabel}</h4>
          <ConflictView conflict={c} />
        </div>
      ))}
    </>
  );
}
