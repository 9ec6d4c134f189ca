/**
 * A customer create held for a person (its answer was lost, and Ascora has only customers like it,
 * perhaps changed since by another user): the person compares the customers Ascora has that may be
 * it, and says "this is ours: link it". ("Not ours: send it" is `sync.sendParked`; withdrawing it is
 * `customers.discardChange` with the person's confirmation.)
 */
import { and, eq } from 'drizzle-orm';
import type { HeldCustomerCandidate } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { AscoraClient } from '../ascora/types';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { ascoraCustomers, outbox } from '../db/schema';
import type { HandlerMap } from '../ipc/types';
import { applySavedCustomer } from '../sync/customer-merge';
import { writeSyncLog } from '../sync/log';
import { customerDisplayName, customerWriteBody, isCustomerSent, parseSentCustomerMarker } from '../sync/mapping';
import { searchSentCustomer } from '../sync/push';
import { releaseDependents } from '../sync/queue';

export function createHeldCustomerService(
  ctx: CoreContext,
  deps: { clientFor: (integrationId: number) => Promise<AscoraClient> },
) {
  /** The held create and its customer, or a clear error (it was settled meanwhile). */
  function held(integrationId: number, outboxId: number) {
    const item = ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.id, outboxId), eq(outbox.integrationId, integrationId)))
      .get();
    if (!item || item.kind !== 'create_customer' || item.state !== 'needs_check')
      throw new AppError('NOT_FOUND', 'That customer is no longer waiting for a check. Refresh the Sync centre.');
    const row = ctx.db.select().from(ascoraCustomers).where(eq(ascoraCustomers.id, item.recordId)).get();
    if (!row) throw new AppError('NOT_FOUND', 'That customer is no longer in the app. Refresh the Sync centre.');
    // What the lost create carried: a person may have edited the customer since.
    return { item, row, sent: parseSentCustomerMarker(item.marker) ?? customerWriteBody(row) };
  }

  const inMirror = (integrationId: number) => (ascoraId: string) =>
    ctx.db
      .select({ id: ascoraCustomers.id })
      .from(ascoraCustomers)
      .where(and(eq(ascoraCustomers.integrationId, integrationId), eq(ascoraCustomers.ascoraCustomerId, ascoraId)))
      .get() !== undefined;

  async function candidates(integrationId: number, outboxId: number): Promise<HeldCustomerCandidate[]> {
    const { sent } = held(integrationId, outboxId);
    const client = await deps.clientFor(integrationId);
    const found = await searchSentCustomer(client, sent, inMirror(integrationId));
    return [...(found.exact ? [found.exact] : []), ...found.lookAlikes].map(({ customer: c }) => ({
      ascoraCustomerId: c.customerId,
      name: customerDisplayName(c),
      companyName: c.companyName ?? '',
      emailAddress: c.emailAddress ?? '',
      phoneNumber: c.phoneNumber ?? c.mobileNumber ?? '',
      street: [c.streetLine1, c.streetSuburb, c.streetPostcode].filter(Boolean).join(', '),
      exact: isCustomerSent(sent, c),
    }));
  }

  /**
   * "This is ours": the local customer takes the Ascora customer's id and version, as if the lost
   * answer had arrived (applySavedCustomer): an edit made here since is kept and sent as an update;
   * a job made for it takes its Ascora id and goes with the next sync.
   */
  async function link(
    integrationId: number,
    outboxId: number,
    ascoraCustomerId: string,
  ): Promise<{ linked: true; customerId: number }> {
    const { row, sent } = held(integrationId, outboxId);
    if (inMirror(integrationId)(ascoraCustomerId))
      throw new AppError(
        'CONFLICT',
        'That Ascora customer is already another customer in this app, so it cannot be this one. Choose another, or send this one as new.',
      );
    const client = await deps.clientFor(integrationId);
    const remote = await client.getCustomer(ascoraCustomerId);
    if (!remote)
      throw new AppError(
        'NOT_FOUND',
        'Ascora has no customer with that id (deleted or merged there). Refresh the list.',
      );
    const name = row.customerName || customerDisplayName(sent) || 'A customer';
    ctx.db.transaction((tx) => {
      // Read again after the await: a sync or another window may have settled it meanwhile.
      const { item } = held(integrationId, outboxId);
      if (inMirror(integrationId)(ascoraCustomerId))
        throw new AppError('CONFLICT', 'That Ascora customer was just added to this app as another customer.');
      const now = isoNow(ctx.clock);
      applySavedCustomer(tx, {
        rowId: item.recordId,
        sent,
        sentVersion: item.sentVersion,
        remote: remote.value,
        raw: remote.raw,
        now,
        doneItem: item.id,
      });
      releaseDependents(tx, item.id);
      writeSyncLog(tx, {
        integrationId,
        runId: null,
        kind: 'item',
        direction: 'none',
        entity: 'create_customer',
        recordRef: name,
        outboxId: item.id,
        status: 'success',
        message: `${name}, created here, was linked by a person to the customer Ascora has as ${customerDisplayName(remote.value)} (its create's answer had been lost). Nothing was sent again.`,
      });
    });
    for (const entity of ['customer', 'job', 'log'] as const)
      ctx.events.emit('record.changed', { entity, ids: 'many' });
    return { linked: true, customerId: row.id };
  }

  const handlers = {
    'sync.heldCandidates': ({ integrationId, outboxId }) => candidates(integrationId, outboxId),
    'sync.linkHeld': ({ integrationId, outboxId, ascoraCustomerId }) => link(integrationId, outboxId, ascoraCustomerId),
  } satisfies HandlerMap;
  return { candidates, link, handlers };
}
