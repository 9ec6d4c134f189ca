/**
 * Customers: keyset-paged list with full-text search, and create/edit offline. Every change is
 * saved and queued in the outbox in one transaction (design.md rule 1); Ascora takes customer
 * edits (POST with customerId), so they are pushed, not kept local.
 */
import { and, count, eq, getTableColumns, inArray, isNull } from 'drizzle-orm';
import {
  customerFieldShape,
  type CustomerEditFields,
  type CustomerFields,
  type ParsedInputOf,
} from '../../../shared/contract';
import { CUSTOMER_FIELD_LABELS, type CustomerDetail, type CustomerRow, type Page } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { customersFts, ftsMatch, readSearch } from '../db/fts';
import { wireCustomerSchema } from '../ascora/types';
import { ascoraCustomers, ascoraIntegrations, ascoraJobs, conflicts } from '../db/schema';
import type { Db } from '../db/types';
import type { HandlerMap } from '../ipc/types';
import type { AscoraClient } from '../ascora/types';
import { contentHash } from '../sync/canonical';
import {
  CUSTOMER_EDITABLE_FIELDS,
  customerColumns,
  customerDisplayName,
  customerWriteBody,
  parseSentCustomerMarker,
} from '../sync/mapping';
import {
  enqueue,
  itemForRepair,
  openChangeOf,
  openItem,
  recordCustomerEdit,
  settleCheckedUpdate,
  takeBack,
} from '../sync/queue';
import { keysetList, nothingSearchablePage, pageQuery } from './keyset';
import { CUSTOMER_NEEDS_CHECK, customerStateCondition } from './list-state';
import { toCustomerDetail, toCustomerRow } from './rows';

type CustomerRecord = typeof ascoraCustomers.$inferSelect;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

const c = ascoraCustomers;
const SORTS = { customerName: c.customerName, streetSuburb: c.streetSuburb } as const;

/** A field's name as the Customers form shows it. */
export const fieldWords = (field: string) =>
  CUSTOMER_FIELD_LABELS[field] ?? field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

export const customerNameOf = (f: Pick<CustomerFields, 'companyName' | 'contactFirstName' | 'contactLastName'>) =>
  customerDisplayName(f);

/** How an offline-created customer is recognised in Ascora if its create's answer is lost. */
export const customerMarker = (f: CustomerFields) =>
  (f.emailAddress || `${customerNameOf(f)}|${f.streetLine1}|${f.streetPostcode}`).toLowerCase();

/** Inserts a new local customer and queues its create; returns the row and the outbox id. */
export function insertLocalCustomer(ctx: CoreContext, tx: Tx, integrationId: number, fields: CustomerFields) {
  // A connection disconnected and wiped from another screen: a clear refusal, not a foreign-key error.
  if (
    !tx
      .select({ id: ascoraIntegrations.id })
      .from(ascoraIntegrations)
      .where(eq(ascoraIntegrations.id, integrationId))
      .get()
  )
    throw new AppError('NOT_FOUND', 'That Ascora connection no longer exists.');
  const now = isoNow(ctx.clock);
  const row = tx
    .insert(ascoraCustomers)
    .values({ ...fields, integrationId, customerName: customerNameOf(fields), createdAt: now, updatedAt: now })
    .returning()
    .get();
  const outboxId = enqueue(tx, {
    integrationId,
    kind: 'create_customer',
    recordId: row.id,
    marker: customerMarker(fields),
  });
  return { row, outboxId };
}

/**
 * The rows with how many other customers of the connection share each one's name: one count for a
 * page (customers_name_idx), so a list can tell the sixteen "Blue Gum Rentals Pty Ltd" apart.
 */
export function withNamesakes<R extends CustomerRow>(db: Db, integrationId: number, rows: R[]): R[] {
  const names = [...new Set(rows.map((r) => r.customerName))];
  if (names.length === 0) return rows;
  const counts = new Map(
    db
      .select({ name: c.customerName, n: count() })
      .from(c)
      .where(and(eq(c.integrationId, integrationId), inArray(c.customerName, names)))
      .groupBy(c.customerName)
      .all()
      .map((r) => [r.name, r.n]),
  );
  return rows.map((r) => ({ ...r, namesakes: Math.max(0, (counts.get(r.customerName) ?? 1) - 1) }));
}

export interface CustomerServiceDeps {
  /** The connection's Ascora client, to read a customer whose change's answer was lost. */
  clientFor?: (integrationId: number) => Promise<AscoraClient>;
}

export function createCustomerService(ctx: CoreContext, deps: CustomerServiceDeps = {}) {
  function list(q: ParsedInputOf<'customers.list'>): Page<CustomerRow> {
    const search = readSearch(q.search);
    if (search.kind === 'unsearchable') return nothingSearchablePage();
    const fts = search.kind === 'match' ? search.query : null;
    const sortBy = SORTS[q.sort];
    // A create parked for a person's check shows as such (its row's sync state says failed).
    const fields = { ...getTableColumns(c), needsCheck: CUSTOMER_NEEDS_CHECK, sortValue: sortBy };
    // A search reads the full-text index, then the customers it names.
    const matched = eq(c.id, customersFts.rowid);
    const page = keysetList(q, {
      sortBy,
      id: c.id,
      filters: [
        eq(c.integrationId, q.integrationId),
        fts ? ftsMatch(customersFts, fts) : undefined,
        q.state ? eq(c.streetState, q.state) : undefined,
        q.recordState ? customerStateCondition(q.recordState) : undefined,
      ],
      count: (where) =>
        (fts
          ? ctx.db.select({ n: count() }).from(customersFts).innerJoin(c, matched)
          : ctx.db.select({ n: count() }).from(c)
        )
          .where(where)
          .get()?.n ?? 0,
      rows: (where, orderBy, limit) =>
        pageQuery(
          fts
            ? ctx.db.select(fields).from(customersFts).innerJoin(c, matched).$dynamic()
            : ctx.db.select(fields).from(c).$dynamic(),
          where,
          orderBy,
          limit,
        ).all(),
      toRow: (r) => toCustomerRow(r),
    });
    return { ...page, rows: withNamesakes(ctx.db, q.integrationId, page.rows) };
  }

  function record(customerId: number): CustomerRecord {
    const found = ctx.db.select().from(ascoraCustomers).where(eq(ascoraCustomers.id, customerId)).get();
    if (!found) throw new AppError('NOT_FOUND', 'That customer is no longer in the app. Refresh the list.');
    return found;
  }

  function openConflictId(customerId: number): number | null {
    return (
      ctx.db
        .select({ id: conflicts.id })
        .from(conflicts)
        .where(and(eq(conflicts.entity, 'customer'), eq(conflicts.recordId, customerId), isNull(conflicts.resolvedAt)))
        .get()?.id ?? null
    );
  }

  function get(customerId: number): CustomerDetail {
    const r = record(customerId);
    const change = openChangeOf(ctx.db, ['create_customer', 'update_customer'], customerId);
    const unsent = change?.kind === 'update' ? unsentEdits(r) : [];
    return toCustomerDetail(
      { ...r, needsCheck: change?.state === 'check' },
      openConflictId(customerId),
      change,
      unsent.map((f) => ({ field: f.field, label: fieldWords(f.field), mine: f.mine, ascora: f.ascora })),
    );
  }

  /** The fields changed here that Ascora has differently (null: no copy of Ascora's version to compare). */
  function unsentEdits(
    r: CustomerRecord,
  ): { field: (typeof CUSTOMER_EDITABLE_FIELDS)[number]; mine: string; ascora: string }[] {
    const parsed = r.rawJson ? wireCustomerSchema.safeParse(JSON.parse(r.rawJson)) : null;
    if (!parsed?.success) return [];
    const theirs = customerColumns(parsed.data);
    return CUSTOMER_EDITABLE_FIELDS.filter((f) => String(r[f] ?? '') !== String(theirs[f] ?? '')).map((f) => ({
      field: f,
      mine: String(r[f] ?? ''),
      ascora: String(theirs[f] ?? ''),
    }));
  }

  function create(integrationId: number, fields: CustomerFields): CustomerDetail {
    const { row } = ctx.db.transaction((tx) => insertLocalCustomer(ctx, tx, integrationId, fields));
    ctx.events.emit('record.changed', { entity: 'customer', ids: [row.id] });
    return get(row.id);
  }

  /**
   * What an edit writes: a field the person changed, checked against its pattern (a refusal names
   * the field); a field left as it was, exactly as stored, even if Ascora's value fails the app's
   * pattern (it goes back to Ascora unchanged).
   */
  function editedFields(existing: CustomerRecord, input: CustomerEditFields): CustomerFields {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(customerFieldShape) as (keyof typeof customerFieldShape)[]) {
      const stored = existing[key];
      const given = input[key];
      if ((given ?? '').trim() === String(stored ?? '').trim()) {
        out[key] = stored;
        continue;
      }
      const parsed = customerFieldShape[key].safeParse(given ?? undefined);
      if (!parsed.success)
        throw new AppError('VALIDATION', `${fieldWords(key)}: ${parsed.error.issues[0]?.message ?? 'not valid.'}`);
      out[key] = parsed.data;
    }
    return out as CustomerFields;
  }

  function update(customerId: number, input: CustomerEditFields): CustomerDetail {
    const existing = record(customerId);
    if (openConflictId(customerId)) {
      throw new AppError(
        'CONFLICT',
        'This customer was also changed in Ascora. Resolve the conflict first, then edit again.',
      );
    }
    // Ascora would answer "not found": refused here, before anything is saved or queued.
    if (existing.remoteMissing && existing.ascoraCustomerId) {
      throw new AppError(
        'CONFLICT',
        `Ascora no longer has ${existing.customerName || 'this customer'} (deleted or merged there), so a change cannot be sent. Nothing was saved; the customer is kept here as it was. Look for them in Ascora, or create them again as a new customer.`,
      );
    }
    const fields = editedFields(existing, input);
    ctx.db.transaction((tx) => {
      tx.update(ascoraCustomers)
        .set({
          ...fields,
          customerName: customerNameOf(fields),
          // The remote version this edit is made on: the base of the three-way merge.
          baseJson: existing.baseJson ?? existing.rawJson,
          updatedAt: isoNow(ctx.clock),
        })
        .where(eq(ascoraCustomers.id, customerId))
        .run();
      recordCustomerEdit(tx, existing);
    });
    ctx.events.emit('record.changed', { entity: 'customer', ids: [customerId] });
    return get(customerId);
  }

  /**
   * A person takes back a customer change Ascora has not got (waiting, or refused): a customer
   * created here is removed; an edit is undone, and the customer is as Ascora last sent it. An edit
   * whose answer was lost is settled by reading Ascora first (discardCheckedUpdate); a customer
   * created here that may be in Ascora (held for a check) is withdrawn only once the person has
   * confirmed it (`mayBeInAscora`): it stays in Ascora if it is there.
   */
  async function discardChange(
    customerId: number,
    { mayBeInAscora = false }: { mayBeInAscora?: boolean } = {},
  ): Promise<{ discarded: boolean; removed: boolean; message?: string }> {
    const existing = record(customerId);
    if (openConflictId(customerId))
      throw new AppError(
        'CONFLICT',
        'This customer was also changed in Ascora. Resolve the conflict first: it decides what is kept.',
      );
    const open = openItem(ctx.db, ['create_customer', 'update_customer'], customerId, ['pending', 'failed']);
    if (open?.kind === 'update_customer' && open.outcomeUnknown && deps.clientFor)
      return discardCheckedUpdate(existing, open, deps.clientFor);
    const name = existing.customerName || 'this customer';
    const removed = ctx.db.transaction((tx) => {
      const item = itemForRepair(tx, ['create_customer', 'update_customer'], customerId, `The change to ${name}`, {
        mayBeInAscora: mayBeInAscora,
      });
      const held = item.state === 'needs_check' || item.outcomeUnknown;
      const refused = item.state === 'failed' ? ` (Ascora had refused it: ${item.lastError ?? 'no reason given'})` : '';
      if (item.kind === 'create_customer') {
        const job = tx
          .select({ jobName: ascoraJobs.jobName })
          .from(ascoraJobs)
          .where(and(eq(ascoraJobs.siteCustomerLocalId, customerId), isNull(ascoraJobs.ascoraJobId)))
          .get();
        if (job)
          throw new AppError(
            'CONFLICT',
            `The job "${job.jobName}" is made for ${name} and has not reached Ascora: change its customer or discard it first.`,
          );
        takeBack(
          tx,
          item,
          {
            integrationId: existing.integrationId,
            recordRef: name,
            message: held
              ? `Customer ${name}, created here, withdrawn here after a person confirmed it: its create was sent and the answer was lost, so Ascora may have it. If it does, it stays there and comes back with the next full sync.`
              : `Customer ${name}, created here, discarded before it reached Ascora${refused}.`,
          },
          { mayBeInAscora: held },
        );
        return true;
      }
      if (held)
        throw new AppError(
          'CONFLICT',
          `The change to ${name} may already be in Ascora: it was sent and the answer was lost. Sync again to settle it, then change it.`,
        );
      const parsed = existing.rawJson ? wireCustomerSchema.safeParse(JSON.parse(existing.rawJson)) : null;
      if (!parsed?.success)
        throw new AppError(
          'CONFLICT',
          `The app has no copy of ${name} as Ascora has it, so the edit cannot be undone. Change the fields back by hand instead.`,
        );
      const theirs = customerColumns(parsed.data);
      const undone = unsentEdits(existing).map((f) => `${fieldWords(f.field)} "${f.mine}" (back to "${f.ascora}")`);
      tx.update(ascoraCustomers)
        .set({ ...theirs, baseJson: null, updatedAt: isoNow(ctx.clock) })
        .where(eq(ascoraCustomers.id, customerId))
        .run();
      takeBack(tx, item, {
        integrationId: existing.integrationId,
        recordRef: name,
        message: `Changes to ${name} discarded before they reached Ascora${refused}: ${undone.length ? undone.join(', ') : 'no field differed'}. The customer is as Ascora has it.`,
      });
      return false;
    });
    ctx.events.emit('record.changed', { entity: 'customer', ids: [customerId] });
    ctx.events.emit('record.changed', { entity: 'log', ids: 'many' });
    return { discarded: true, removed };
  }

  /**
   * An edit whose answer was lost may be in Ascora: it is read there first, and the record takes
   * Ascora's version either way. Ascora has the values sent: the change is there (not discarded, and
   * the log says so); it has not: the change is discarded, and the log says Ascora was checked.
   */
  async function discardCheckedUpdate(
    existing: CustomerRecord,
    item: NonNullable<ReturnType<typeof openItem>>,
    clientFor: (integrationId: number) => Promise<AscoraClient>,
  ): Promise<{ discarded: boolean; removed: false; message: string }> {
    const name = existing.customerName || 'this customer';
    const client = await clientFor(existing.integrationId);
    const remote = await client.getCustomer(existing.ascoraCustomerId!);
    if (!remote)
      throw new AppError(
        'CONFLICT',
        `Ascora no longer has ${name} (deleted or merged there), so whether the change reached it cannot be told. Nothing was changed here.`,
      );
    const theirs = customerColumns(remote.value) as Record<string, unknown>;
    const sent = (parseSentCustomerMarker(item.marker) ?? customerWriteBody(existing)) as unknown as Record<
      string,
      unknown
    >;
    const baseParsed = existing.baseJson ? wireCustomerSchema.safeParse(JSON.parse(existing.baseJson)) : null;
    const base = (baseParsed?.success ? customerColumns(baseParsed.data) : theirs) as Record<string, unknown>;
    const text = (v: unknown) => String(v ?? '');
    const changed = CUSTOMER_EDITABLE_FIELDS.filter((f) => text(sent[f]) !== text(base[f]));
    const inAscora = changed.length > 0 && changed.every((f) => text(theirs[f]) === text(sent[f]));
    const words = changed.map((f) => `${fieldWords(f)} "${text(sent[f])}"`).join(', ') || 'no field differed';
    const message = inAscora
      ? `The change to ${name} was not discarded: Ascora already had it (${words}), read from Ascora after its answer was lost. The customer is as Ascora has it.`
      : `Changes to ${name} discarded: checked in Ascora after the answer was lost, and Ascora did not have them (${words}). The customer is as Ascora has it.`;
    ctx.db.transaction((tx) => {
      const rawJson = JSON.stringify(remote.raw);
      const now = isoNow(ctx.clock);
      tx.update(ascoraCustomers)
        .set({
          ...customerColumns(remote.value),
          rawJson,
          contentHash: contentHash(remote.raw),
          baseJson: rawJson,
          updatedAt: now,
        })
        .where(eq(ascoraCustomers.id, existing.id))
        .run();
      settleCheckedUpdate(tx, item, inAscora, { integrationId: existing.integrationId, recordRef: name, message }, now);
    });
    ctx.events.emit('record.changed', { entity: 'customer', ids: [existing.id] });
    ctx.events.emit('record.changed', { entity: 'log', ids: 'many' });
    return {
      discarded: !inAscora,
      removed: false,
      message: inAscora
        ? `Ascora already has this change, so it was not discarded: ${name} shows Ascora's values.`
        : `Ascora did not have this change: it was discarded, and ${name} is as Ascora has it.`,
    };
  }

  const handlers = {
    'customers.discardChange': ({ customerId, mayBeInAscora }) => discardChange(customerId, { mayBeInAscora }),
    'customers.list': (q) => list(q),
    'customers.get': ({ customerId }) => get(customerId),
    'customers.create': ({ integrationId, fields }) => create(integrationId, fields),
    'customers.update': ({ customerId, fields }) => update(customerId, fields),
  } satisfies HandlerMap;
  return { list, get, create, update, discardChange, handlers };
}
