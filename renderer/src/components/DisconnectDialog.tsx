/**
 * Disconnecting a connection (or leaving the demo): says what has not reached Ascora yet (the count
 * and the first few, named as the Sync centre names them), then offers to keep the local copy, or
 * to wipe it once the person has typed the connection's name. The name goes to main with the wipe,
 * and main checks it too. Keep it / Escape has the focus first, so Enter never wipes by accident.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { wipeNameMatches, type IntegrationStatus, type UnsentChanges } from '../../../shared/domain';
import { call } from '../api';
import { useLoad } from '../hooks';
import { Dialog } from './Dialog';
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
  const unsent = useLoad<UnsentChanges>(() => call('sync.unsent', { integrationId: integration.id }), [integration.id]);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const back = useRef<HTMLButtonElement>(null);
  const ids = { name: useId() };
  useEffect(() => back.current?.focus(), []);
  const demo = integration.isDemo;
  const u = unsent.value;

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
      <ErrorNotice error={unsent.error} />
      {u ? <UnsentList unsent={u} /> : <p className="hint">Looking for changes not yet in Ascora…</p>}
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
      <label htmlFor={ids.name}>
        To wipe the local copy{u && u.count > 0 ? ' and lose the changes above' : ''}, type the connection's name:{' '}
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

function UnsentList({ unsent }: { unsent: UnsentChanges }) {
  if (unsent.count === 0) return <p>Every change made here is in Ascora: nothing is waiting to be sent.</p>;
  const more = unsent.count - unsent.first.length;
  return (
    <>
      <p>
        <strong>
          {unsent.count} {unsent.count === 1 ? 'change made here has' : 'changes made here have'} not reached Ascora.
        </strong>{' '}
        Keep the local copy to send {unsent.count === 1 ? 'it' : 'them'} after you connect again; wiping loses{' '}
        {unsent.count === 1 ? 'it' : 'them'}.
      </p>
      <ul aria-label="Changes not yet in Ascora">
        {unsent.first.map((change, i) => (
          <li key={i}>
            {change.what}: {change.name}
          </li>
        ))}
        {more > 0 ? <li>and {more} more (the Sync centre lists them all)</li> : null}
      </ul>
    </>
  );
}
