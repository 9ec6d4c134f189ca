/**
 * A customer created here whose create's answer was lost, held for a person because Ascora has
 * only customers like it (another user may have changed it since): the person compares them and
 * says "this is ours: link it", or "not ours: send it". Withdrawing it (after a confirmation) is
 * in the customer's panel (HeldChangeActions).
 */
import { useState } from 'react';
import type { CustomerDetail, HeldCustomerCandidate } from '../../../shared/domain';
import { call } from '../api';
import { Confirm } from './Confirm';
import { ErrorNotice } from './ErrorNotice';

export function HeldCustomerActions({
  integrationId,
  outboxId,
  name,
  onDone,
}: {
  integrationId: number;
  outboxId: number;
  name: string;
  onDone(message: string): void;
}) {
  const [candidates, setCandidates] = useState<HeldCustomerCandidate[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = (fn: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError(null);
    return fn()
      .then(() => onDone(message), setError)
      .finally(() => setBusy(false));
  };
  const look = () => {
    setBusy(true);
    setError(null);
    call('sync.heldCandidates', { integrationId, outboxId })
      .then(setCandidates, setError)
      .finally(() => setBusy(false));
  };
  return (
    <div className="held-customer">
      <div className="actions">
        <button type="button" className="secondary" disabled={busy} onClick={look}>
          This is ours: link it…
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() =>
            void run(
              () => call('sync.sendParked', { integrationId, outboxId }),
              `${name} will be sent to Ascora as a new customer with the next sync.`,
            )
          }
        >
          Not ours: send it
        </button>
      </div>
      {candidates !== null ? (
        candidates.length === 0 ? (
          <p className="hint">
            Ascora has no customer like {name} now. If it is not in Ascora, send it; if it is, look for it there.
          </p>
        ) : (
          <ul className="held-candidates" aria-label={`Customers in Ascora that may be ${name}`}>
            {candidates.map((c) => (
              <li key={c.ascoraCustomerId}>
                <strong>{c.name}</strong>
                {c.companyName && c.companyName !== c.name ? `, ${c.companyName}` : ''}
                {[c.emailAddress, c.phoneNumber, c.street].filter(Boolean).map((part) => ` · ${part}`)}
                {c.exact ? <span className="hint"> (exactly as sent)</span> : null}{' '}
                <button
                  type="button"
                  disabled={busy}
                  onClick={() =>
                    void run(
                      () => call('sync.linkHeld', { integrationId, outboxId, ascoraCustomerId: c.ascoraCustomerId }),
                      `${name} is linked to ${c.name} in Ascora. Nothing was sent again.`,
                    )
                  }
                >
                  Link to {c.name}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
      <ErrorNotice error={error} />
    </div>
  );
}

/**
 * The customer's panel, for a change sent with its answer lost ("Check in Ascora"): a held create
 * can be linked, sent, or withdrawn here after a confirmation (it stays in Ascora if it is there);
 * an edit can be discarded, and the app reads Ascora first and says what it found.
 */
export function HeldChangeActions({
  customer: d,
  integrationId,
  onSettled,
}: {
  customer: CustomerDetail;
  integrationId: number;
  onSettled(removed: boolean): void;
}) {
  const [asking, setAsking] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (!d.change || d.change.state !== 'check') return null;
  const creating = d.change.kind === 'create';
  // A create the look-up parked for a person (its row says failed); one not looked up yet waits for the sync.
  const held = creating && d.syncState === 'failed';
  if (creating && !held) return null;
  const label = creating ? 'Withdraw it here' : 'Discard these changes';
  return (
    <div>
      {held ? (
        <HeldCustomerActions
          integrationId={integrationId}
          outboxId={d.change.outboxId}
          name={d.customerName}
          onDone={(message) => {
            setSaid(message);
            onSettled(false);
          }}
        />
      ) : null}
      {asking ? (
        <Confirm
          label={label}
          confirmLabel={label}
          onCancel={() => setAsking(false)}
          onConfirm={() =>
            call('customers.discardChange', { customerId: d.id, mayBeInAscora: creating }).then((r) => {
              setAsking(false);
              setSaid(r.message ?? null);
              onSettled(r.removed);
            }, setError)
          }
        >
          {creating ? (
            <>
              Withdraw {d.customerName}? Its create was sent to Ascora and the answer was lost, so Ascora may have it.
              It is removed from this app only: if Ascora has it, it stays there and comes back with the next full sync.
            </>
          ) : (
            <>
              Discard your changes to {d.customerName}? They were sent and the answer was lost, so Ascora is read first:
              if it has them, nothing is discarded and the customer shows Ascora&apos;s values; if not, each field goes
              back to what Ascora has.
            </>
          )}
          <span> The sync log keeps a line saying what happened.</span>
        </Confirm>
      ) : (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setAsking(true)}>
            {label}
          </button>
        </div>
      )}
      {said ? <p role="status">{said}</p> : null}
      <ErrorNotice error={error} />
    </div>
  );
}
