import type { RecordRef } from '../../../shared/domain';

/** The first few changes not yet in Ascora, named, and how many more (the disconnect dialog, "Restart to update"). */
export function UnsentChangeList({ count, first }: { count: number; first: RecordRef[] }) {
  const more = count - first.length;
  return (
    <ul aria-label="Changes not yet in Ascora">
      {first.map((change, i) => (
        <li key={i}>
          {change.what}: {change.name}
        </li>
      ))}
      {more > 0 ? <li>and {more} more (the Sync centre lists them all)</li> : null}
    </ul>
  );
}
