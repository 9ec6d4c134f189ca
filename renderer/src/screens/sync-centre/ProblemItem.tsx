import { useState } from 'react';
import type { SyncProblem } from '../../../../shared/domain';
import { formatDateTime } from '../../../../shared/format';
import { call } from '../../api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { HeldCustomerActions } from '../../components/HeldCustomer';
import { StateBadge } from '../../components/SyncBadge';
import { useSession } from '../../stores/session';

/** One change that needs a person: what it is, why, where it is, and what can be done here. */
export function ProblemItem({
  problem: p,
  integrationId,
  onDone,
}: {
  problem: SyncProblem;
  integrationId: number;
  onDone(message: string): void;
}) {
  const openRecord = useSession((s) => s.openRecord);
  const [error, setError] = useState<unknown>(null);
  const run = (fn: () => Promise<unknown>, message: string) => fn().then(() => onDone(message), setError);
  return (
    <li className="problem" aria-label={`${p.what}: ${p.name}`}>
      <div className="problem-head">
        {/* Two jobs for one report: checked, and one cancelled, in Ascora. */}
        <StateBadge state={p.state === 'duplicate' ? 'check' : p.state} />
        <strong>
          {p.what}: {p.name}
        </strong>
        <span className="hint">since {formatDateTime(p.since)}</span>
      </div>
      {p.reason ? <p className="log-error">{p.state === 'refused' ? `Ascora said: ${p.reason}` : p.reason}</p> : null}
      <div className="actions">
        {p.open ? (
          <button type="button" onClick={() => openRecord(p.open!)}>
            {p.state === 'refused'
              ? p.open.entity === 'invoice'
                ? 'Open the invoice to change or withdraw it'
                : 'Open it to change or discard it'
              : 'Open it'}
          </button>
        ) : null}
        {p.outboxId === null ? null : p.state === 'refused' ? (
          <button
            type="button"
            className="secondary"
            onClick={() =>
              void run(
                () => call('sync.retryFailed', { integrationId, outboxIds: [p.outboxId!] }),
                `${p.what}: ${p.name} goes with the next sync.`,
              )
            }
          >
            Send again unchanged
          </button>
        ) : p.paymentId !== null ? (
          <>
            <button
              type="button"
              className="secondary"
              onClick={() =>
                void run(
                  () => call('invoices.confirmPayment', { paymentId: p.paymentId!, foundInAscora: true }),
                  `${p.name}: marked as in Ascora.`,
                )
              }
            >
              It is in Ascora
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() =>
                void run(
                  () => call('invoices.confirmPayment', { paymentId: p.paymentId!, foundInAscora: false }),
                  `${p.name} is sent once more with the next sync.`,
                )
              }
            >
              It is not: send it again
            </button>
          </>
        ) : p.open?.entity === 'customer' ? null : (
          <button
            type="button"
            className="secondary"
            onClick={() =>
              void run(
                () => call('sync.sendParked', { integrationId, outboxId: p.outboxId! }),
                'It will be sent to Ascora with the next sync.',
              )
            }
          >
            It is not in Ascora: send it
          </button>
        )}
      </div>
      {p.state === 'check' && p.open?.entity === 'customer' && p.outboxId !== null ? (
        <HeldCustomerActions integrationId={integrationId} outboxId={p.outboxId} name={p.name} onDone={onDone} />
      ) : null}
      <ErrorNotice error={error} />
    </li>
  );
}
