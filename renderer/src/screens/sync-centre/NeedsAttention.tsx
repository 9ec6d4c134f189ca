import { useCoreQuery } from '../../cache';
import { useActiveIntegration } from '../../stores/session';
import { ProblemItem } from './ProblemItem';

/** What needs a person, as a to-do list: each change named as the office names it, with what can be done. */
export function NeedsAttention({ integrationId, onDone }: { integrationId: number; onDone(message: string): void }) {
  const integration = useActiveIntegration();
  const problems = useCoreQuery('sync.problems', { integrationId }, { plain: true });
  const needsPerson = integration?.needsPersonCount ?? 0;
  return (
    <>
      {/* The core's one count, as the header, the sidebar and Today show it: the changes below and the conflicts after them. */}
      <h2 id="problems-title">Needs attention ({needsPerson})</h2>
      {integration && needsPerson === 0 ? (
        <p className="hint">Nothing needs attention: every change is in Ascora or on its way.</p>
      ) : null}
      <ul className="problems" aria-labelledby="problems-title">
        {problems.data?.map((p) => (
          <ProblemItem
            key={p.outboxId ?? `${p.state}-${p.name}`}
            problem={p}
            integrationId={integrationId}
            onDone={onDone}
          />
        ))}
      </ul>
    </>
  );
}
