/**
 * Under a "No longer in Ascora" heading, "2 jobs, 1 customer": records another Ascora user deleted or merged away,
 * found by a full check, each figure a link to its list filtered to them (where each can be kept
 * here or removed). Nothing when there are none. On Today and in the Sync centre.
 */
import type { NoLongerInAscora as Counts } from '../../../shared/domain';
import { plural } from '../../../shared/format';
import { useSession } from '../stores/session';

export function NoLongerInAscora({ counts }: { counts: Counts }) {
  const setScreen = useSession((s) => s.setScreen);
  if (counts.jobs + counts.customers === 0) return null;
  const links = [
    counts.jobs > 0 ? (
      <button
        key="jobs"
        type="button"
        className="link"
        onClick={() => setScreen('jobs', { filter: { recordState: 'missing' } })}
      >
        {plural(counts.jobs, 'job')}
      </button>
    ) : null,
    counts.customers > 0 ? (
      <button
        key="customers"
        type="button"
        className="link"
        onClick={() => setScreen('customers', { filter: { recordState: 'missing' } })}
      >
        {plural(counts.customers, 'customer')}
      </button>
    ) : null,
  ].filter(Boolean);
  return (
    <div className="no-longer-in-ascora">
      <p>
        {links.map((link, i) => (
          <span key={i}>
            {i > 0 ? ', ' : ''}
            {link}
          </span>
        ))}
      </p>
      <p className="hint">
        Someone deleted or merged them in Ascora. Open each to keep a copy on this computer or remove it.
      </p>
    </div>
  );
}
