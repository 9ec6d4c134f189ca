/**
 * Disconnecting a connection (or leaving the demo): says what has not reached Ascora yet (the count
 * and the first few, named as the Sync centre names them) and what is kept only on this computer
 * (job statuses set here, notes, attachments: Ascora's API has no place for them), with a way to
 * export the latter first; then offers to keep the local copy, or to wipe it once the person has
 * typed the connection's name. The name goes to main with the wipe,
 * and main checks it too. Keep it / Escape has the focus first, so Enter never wipes by accident.
 */
import { useEffect, useId, useRef, useState } from 'react';
import {
  wipeNameMatches,
  type IntegrationStatus,
  type LocalOnlyExport,
  type LocalOnlyWork,
  type UnsentChanges,
} from '../../../shared/domain';
import { call } from '../api';
import { useCoreQuery } from '../cache';
import { Dialog } from './Dialog';
import { UnsentChangeList } from './UnsentChangeList';
import { ErrorNotice } from './ErrorNotice';

export function DisconnectDialog({
  integration,
  onDone,
  onCancel,
}: {
  integration: IntegrationStatus;
  /** After the disconnect: whether the local copy was wiped. */
  onDone(wiped: boolean): void;
  onCancel(): void;
}) {
  const unsent = useCoreQuery('sync.unsent', { integrationId: integration.id });
  const localOnly = useCoreQuery('sync.localOnly', { integrationId: integration.id });
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const back = useRef<HTMLButtonElement>(null);
  const ids = { name: useId() };
  useEffect(() => back.current?.focus(), []);
  const demo = integration.isDemo;
  const u = unsent.data;
  const kept = localOnly.data;
  const loses = (u?.count ?? 0) > 0 || (kept?.jobCount ?? 0) > 0;

  async function disconnect(wipe: boolean) {
    setBusy(true);
    setError(null);
    try {
      const result = await call(
        'integration.disconnect',
        wipe
          ? { integrationId: integration.id, wipeMirror: true, confirmName: typed }
          : { integrationId: integration.id, wipeMirror: false },
      );
      onDone(result.wiped);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    // The shared modal: focus stays inside while it is open (Tab cannot wander into the page
    // behind), Escape cancels, and focus goes back to "Leave the demo…" / "Disconnect…" after.
    <Dialog
      role="alertdialog"
      title={demo ? 'Leave the demo workspace' : `Disconnect ${integration.displayName}`}
      onClose={onCancel}
      dismissable={false}
      className="disconnect-dialog"
    >
      <ErrorNotice error={unsent.error ?? localOnly.error} />
      {u && kept ? (
        <>
          <UnsentList unsent={u} keptHere={kept.jobCount > 0} />
          {kept.jobCount > 0 ? <LocalOnlyList integrationId={integration.id} work={kept} /> : null}
        </>
      ) : (
        <p className="hint">Looking for changes not yet in Ascora…</p>
      )}
      <p>
        {demo
          ? 'Keep its local copy to open it again later, or wipe it from this computer.'
          : "The API key is removed from this computer's keychain. Keep the local copy of jobs, customers and invoices to read offline, or wipe it from this computer."}
      </p>
      <div className="actions">
        <button type="button" ref={back} className="secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" disabled={busy} onClick={() => void disconnect(false)}>
          {demo ? 'Leave the demo, keep its copy' : 'Disconnect, keep the local copy'}
        </button>
      </div>
      <p className="hint">
        A wipe deletes its jobs, customers, invoices, notes and attachments from this computer, and from the copies kept
        before updates (backups/){demo ? ", with the demo's own saved data" : ''}; a file set aside as damaged
        (damaged/) is deleted too. Exports you saved are kept.
      </p>
      <label htmlFor={ids.name}>
        To wipe the local copy{loses ? ' and lose the changes above' : ''}, type the connection's name:{' '}
        <strong>{integration.displayName}</strong>
      </label>
      <div className="input-with-button">
        <input
          id={ids.name}
          autoComplete="off"
          spellCheck={false}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        <button
          type="button"
          className="danger"
          disabled={busy || !wipeNameMatches(integration.displayName, typed)}
          onClick={() => void disconnect(true)}
        >
          {demo ? 'Leave the demo and wipe it' : 'Disconnect and wipe it'}
        </button>
      </div>
      <ErrorNotice error={error} />
    </Dialog>
  );
}

function UnsentList({ unsent, keptHere }: { unsent: UnsentChanges; keptHere: boolean }) {
  // "Every change is in Ascora" only when it is true: work kept only here is a change Ascora lacks too.
  if (unsent.count === 0)
    return keptHere ? (
      <p>Nothing is waiting to be sent to Ascora.</p>
    ) : (
      <p>Every change made here is in Ascora: nothing is waiting to be sent.</p>
    );
  return (
    <>
      <p>
        <strong>
          {unsent.count} {unsent.count === 1 ? 'change made here has' : 'changes made here have'} not reached Ascora.
        </strong>{' '}
        Keep the local copy to send {unsent.count === 1 ? 'it' : 'them'} after you connect again; wiping loses{' '}
        {unsent.count === 1 ? 'it' : 'them'}.
      </p>
      <UnsentChangeList count={unsent.count} first={unsent.first} />
    </>
  );
}

const counted = (n: number, one: string, many = `${one}s`) => (n > 0 ? `${n} ${n === 1 ? one : many}` : '');

/** "1 status, 2 notes and 1 attachment" */
export function countWords(work: LocalOnlyWork): string {
  const parts = [
    counted(work.statusCount, 'job status', 'job statuses'),
    counted(work.noteCount, 'note'),
    counted(work.attachmentCount, 'attachment'),
  ].filter(Boolean);
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? '');
}

/** Work Ascora's API has no place for: named, and exported on request before a wipe loses it. */
function LocalOnlyList({ integrationId, work }: { integrationId: number; work: LocalOnlyWork }) {
  const [exported, setExported] = useState<LocalOnlyExport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const more = work.jobCount - work.first.length;

  /** Where the host can (the desktop app), the folder opens in the file manager too. */
  async function exportIt() {
    setBusy(true);
    setError(null);
    try {
      setExported(await call('sync.exportLocalOnly', { integrationId, open: true }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-label="Kept only on this computer">
      <p>
        <strong>Kept only on this computer: {countWords(work)}.</strong> Ascora's API has no place for job statuses set
        here, notes or attachments, so they exist nowhere else. Keep the local copy to keep them; wiping loses them for
        good. Export them first to keep a copy.
      </p>
      <ul aria-label="Kept only on this computer">
        {work.first.map((job) => (
          <li key={job.job}>
            {job.job}: {job.holds}
          </li>
        ))}
        {more > 0 ? <li>and {more} more jobs (the export has them all)</li> : null}
      </ul>
      <div className="actions">
        <button type="button" className="secondary" disabled={busy} onClick={() => void exportIt()}>
          {exported ? 'Export them again' : 'Export them first'}
        </button>
      </div>
      {exported ? (
        <div className="notice notice-ok" role="status" aria-label="Export">
          Exported {exported.files} {exported.files === 1 ? 'file' : 'files'} (a CSV of the statuses and notes
          {work.attachmentCount > 0 ? ', and the attachments' : ''}) to <code className="path">{exported.path}</code>
          {exported.missing > 0
            ? `. ${exported.missing} ${exported.missing === 1 ? "attachment's copy was" : "attachments' copies were"} already missing from the data folder: the CSV names ${exported.missing === 1 ? 'it' : 'them'}.`
            : '.'}{' '}
          A wipe leaves this folder.
        </div>
      ) : null}
      <ErrorNotice error={error} />
    </section>
  );
}
