/**
 * "Restart to update", wherever it is offered (the window's banner, Settings): asks main, which
 * restarts only when no sync is running and every unsent change was named to the person
 * (main/core/updates/controller.ts). A running sync is said, with "Restart when it has finished"
 * (main restarts by itself once the run has ended); unsent changes are listed in a confirm, and a
 * yes restarts with the count the person saw.
 */
import { useState } from 'react';
import type { RestartAnswer } from '../../../shared/updates';
import { call } from '../api';
import { Confirm } from './Confirm';
import { ErrorNotice } from './ErrorNotice';
import { UnsentChangeList } from './UnsentChangeList';

type Unsent = Extract<RestartAnswer, { outcome: 'confirm-unsent' }>;

export function RestartToUpdate({ version, className }: { version: string; className?: string }) {
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  const [unsent, setUnsent] = useState<Unsent | null>(null);
  /** A sync was running: offered to restart by itself when it has finished. */
  const [syncing, setSyncing] = useState<{ unsentConfirmed?: number } | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function restart(unsentConfirmed?: number, whenSyncEnds?: boolean) {
    setBusy(true);
    setError(null);
    setSaid(null);
    try {
      const answer = await call('updates.restart', { unsentConfirmed, whenSyncEnds });
      setUnsent(answer.outcome === 'confirm-unsent' ? answer : null);
      setSyncing(answer.outcome === 'sync-running' && !answer.waiting ? { unsentConfirmed } : null);
      if (answer.outcome === 'restarting') setSaid(`Restarting into version ${answer.version}…`);
      if (answer.outcome === 'sync-running' || answer.outcome === 'not-ready') setSaid(answer.message);
    } catch (e) {
      setUnsent(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className={className} disabled={busy} onClick={() => void restart()}>
        Restart to update
      </button>
      {said ? (
        <span role="status" className="update-said">
          {' '}
          {said}
        </span>
      ) : null}
      {syncing ? (
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => void restart(syncing.unsentConfirmed, true)}
        >
          Restart when it has finished
        </button>
      ) : null}
      <ErrorNotice error={error} />
      {unsent ? (
        <Confirm
          label={`Restart to update to version ${version}`}
          confirmLabel="Restart and update"
          cancelLabel="Not now"
          danger={false}
          onConfirm={() => restart(unsent.unsentCount)}
          onCancel={() => setUnsent(null)}
        >
          <p>
            <strong>{unsent.message}</strong>
          </p>
          <UnsentChangeList count={unsent.unsentCount} first={unsent.first} />
        </Confirm>
      ) : null}
    </>
  );
}
