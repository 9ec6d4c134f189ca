/**
 * The recovery screen (issue 22): shown instead of the app when the core says the local copy would
 * not open (recovery.status). What happened and where the files are; what could still be read of
 * the changes not in Ascora, with an export; and the person's choice: restore a backup, start
 * again from Ascora, or try again. Nothing is deleted: each choice that replaces the file says
 * where the damaged one is moved, and asks first. Modelled on Signal Desktop's corrupted-database
 * window.
 */
import { useEffect, useState } from 'react';
import type {
  LocalOnlyExport,
  RecoveredWork,
  RecoveryBackup,
  RecoveryOutcome,
  RecoveryStatus,
} from '../../../shared/domain';
import { formatDateTime, plural } from '../../../shared/format';
import { call } from '../api';
import { Confirm } from '../components/Confirm';
import { countWords } from '../components/DisconnectDialog';
import { ErrorNotice } from '../components/ErrorNotice';
import { useTheme } from '../stores/theme';
import './recovery.css';

const TITLES: Record<NonNullable<RecoveryStatus['reason']>, string> = {
  damaged: 'The local copy of your Ascora data is damaged',
  wrong_key: "The local copy cannot be opened with this computer's key",
  missing_key: "This computer's key for the local copy is missing",
  keychain_locked: 'The system keychain is locked',
};

type Choice = { kind: 'restore'; backup: RecoveryBackup } | { kind: 'startAgain' };

export function Recovery({ status, onOpened }: { status: RecoveryStatus; onOpened(): void }) {
  const [work, setWork] = useState<RecoveredWork | null>(null);
  const [backups, setBackups] = useState<RecoveryBackup[] | null>(null);
  const [choice, setChoice] = useState<Choice | null>(null);
  const [stillIn, setStillIn] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Light or dark as the OS says: the settings are in the local copy that would not open.
  const startTheme = useTheme((s) => s.start);
  useEffect(() => startTheme(), [startTheme]);

  useEffect(() => {
    call('recovery.recoveredWork', {}).then(setWork, setError);
    call('recovery.backups', {}).then(setBackups, setError);
  }, []);

  /** The app opens when the core says so; otherwise the screen stays and says why. */
  async function act(run: () => Promise<RecoveryOutcome>) {
    setBusy(true);
    setError(null);
    setStillIn(null);
    try {
      const outcome = await run();
      if (outcome.state === 'normal') onOpened();
      else setStillIn(outcome.message);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setChoice(null);
    }
  }

  const movedWhere = (
    <>
      The file that would not open (with its -wal and -shm files) is moved, not deleted, into a new folder under{' '}
      <code className="path">{status.damagedFolder}</code> named with today's date and time.
    </>
  );

  return (
    <main className="recovery" aria-labelledby="recovery-title">
      <h1 id="recovery-title">{TITLES[status.reason ?? 'damaged']}</h1>
      <section aria-labelledby="what-happened" className="card">
        <h2 id="what-happened">What happened</h2>
        <p>{status.message}</p>
        <p>
          The local copy is <code className="path">{status.databaseFile}</code>, in the data folder{' '}
          <code className="path">{status.dataDir}</code>. Everything already sent is safe in Ascora.
        </p>
      </section>

      <section aria-labelledby="unsent" className="card">
        <h2 id="unsent">Changes not in Ascora</h2>
        {work === null ? <p aria-live="polite">Reading what can still be read…</p> : <RecoveredWorkView work={work} />}
      </section>

      <section aria-labelledby="choices" className="card">
        <h2 id="choices">What to do</h2>
        {status.canTryAgain ? (
          <div className="recovery-choice">
            <h3>Try again</h3>
            <p>
              {status.reason === 'keychain_locked'
                ? 'Unlock the system keychain (on Linux, a Secret Service such as gnome-keyring), then try again.'
                : "If the keychain was reset or restored from a backup, put back this computer's entry for RestoreAssist Desk, then try again."}{' '}
              Nothing is moved.
            </p>
            <button type="button" disabled={busy} onClick={() => void act(() => call('recovery.tryAgain', {}))}>
              Try again
            </button>
          </div>
        ) : null}

        <div className="recovery-choice">
          <h3>Restore a backup</h3>
          {backups === null ? (
            <p aria-live="polite">Looking for backups…</p>
          ) : backups.length === 0 ? (
            <p>
              There is no backup that opens with this computer's key. (A backup is taken before each update of
              RestoreAssist Desk, in the data folder's backups/.)
            </p>
          ) : (
            <ul className="recovery-backups" aria-label="Backups">
              {backups.map((backup) => (
                <li key={backup.name}>
                  <div>
                    <strong>{formatDateTime(backup.takenAt)}</strong>, taken before an update:{' '}
                    {backup.connections.length === 0
                      ? 'no connection'
                      : backup.connections.map((c) => `${c.name} (${plural(c.jobs, 'job')})`).join(', ')}
                    {/* The file's name, for support: the update it preceded is the migration's tag. */}
                    <div className="hint">
                      <code>backups/{backup.name}</code>
                    </div>
                  </div>
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy}
                    aria-label={`Restore the backup of ${formatDateTime(backup.takenAt)}`}
                    onClick={() => setChoice({ kind: 'restore', backup })}
                  >
                    Restore this backup
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>

        <div className="recovery-choice">
          <h3>Start again from Ascora</h3>
          <p>
            The app opens with an empty local copy: you connect to Ascora again, and everything in Ascora is downloaded
            again. Changes not yet sent and work kept only on this computer stay in the old file, moved aside, not in
            the new copy:{' '}
            {status.reason === 'damaged'
              ? 'export what could be read above first.'
              : 'they can be read again only with its key.'}
          </p>
          <button type="button" className="secondary" disabled={busy} onClick={() => setChoice({ kind: 'startAgain' })}>
            Start again from Ascora
          </button>
        </div>
        {stillIn ? (
          <div role="alert" className="notice notice-error">
            Still not open: {stillIn}
          </div>
        ) : null}
        <ErrorNotice error={error} />
      </section>

      {choice ? (
        <Confirm
          label={choice.kind === 'restore' ? 'Restore this backup' : 'Start again from Ascora'}
          confirmLabel={choice.kind === 'restore' ? 'Move it aside and restore' : 'Move it aside and start again'}
          cancelLabel="Go back"
          danger={false}
          onCancel={() => setChoice(null)}
          onConfirm={() =>
            act(() =>
              choice.kind === 'restore'
                ? call('recovery.restoreBackup', { name: choice.backup.name })
                : call('recovery.startAgain', {}),
            )
          }
        >
          <p>
            {choice.kind === 'restore'
              ? `The copy of ${formatDateTime(choice.backup.takenAt)} takes the place of the local copy; what changed here after it was taken is not in it (what Ascora has comes back at the next sync).`
              : 'The app opens with an empty local copy, and you connect to Ascora again.'}
          </p>
          <p>{movedWhere}</p>
        </Confirm>
      ) : null}
    </main>
  );
}

function RecoveredWorkView({ work }: { work: RecoveredWork }) {
  const [exported, setExported] = useState<LocalOnlyExport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!work.readable) return <p>{work.note}</p>;
  const anything = work.connections.some((c) => c.unsent.count > 0 || c.localOnly.jobCount > 0);

  async function exportIt() {
    setBusy(true);
    setError(null);
    try {
      setExported(await call('recovery.exportRecoveredWork', { open: true }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {work.note ? <p className="notice notice-warn">{work.note}</p> : null}
      {!anything ? <p>Nothing waiting to be sent or kept only here could be found in the file.</p> : null}
      {work.connections.map((connection) => (
        <div key={connection.name}>
          <h3>{connection.name}</h3>
          <p>
            {connection.unsent.count === 0
              ? 'No changes waiting to be sent to Ascora.'
              : `${plural(connection.unsent.count, 'change')} made here had not reached Ascora:`}
          </p>
          {connection.unsent.count > 0 ? (
            <ul aria-label={`Changes not yet in Ascora, ${connection.name}`}>
              {connection.unsent.first.map((change, i) => (
                <li key={i}>
                  {change.what}: {change.name}
                </li>
              ))}
              {connection.unsent.count > connection.unsent.first.length ? (
                <li>and {connection.unsent.count - connection.unsent.first.length} more (the export has them all)</li>
              ) : null}
            </ul>
          ) : null}
          {connection.localOnly.jobCount > 0 ? (
            <>
              <p>Kept only on this computer: {countWords(connection.localOnly)}.</p>
              <ul aria-label={`Kept only on this computer, ${connection.name}`}>
                {connection.localOnly.first.map((job) => (
                  <li key={job.job}>
                    {job.job}: {job.holds}
                  </li>
                ))}
                {connection.localOnly.jobCount > connection.localOnly.first.length ? (
                  <li>
                    and {connection.localOnly.jobCount - connection.localOnly.first.length} more jobs (the export has
                    them all)
                  </li>
                ) : null}
              </ul>
            </>
          ) : null}
        </div>
      ))}
      {anything ? (
        <div className="actions">
          <button type="button" className="secondary" disabled={busy} onClick={() => void exportIt()}>
            {exported ? 'Export again' : 'Export what could be read'}
          </button>
        </div>
      ) : null}
      {exported ? (
        <div className="notice notice-ok" role="status" aria-label="Export">
          Exported {plural(exported.files, 'file')} (a CSV of the changes, statuses and notes
          {exported.files > 1 ? ', and the attachments' : ''}) to <code className="path">{exported.path}</code>
          {exported.missing > 0
            ? `. ${plural(exported.missing, 'attachment')} named in the CSV had no copy left in the data folder.`
            : '.'}
        </div>
      ) : null}
      <ErrorNotice error={error} />
    </>
  );
}
