/** Invoices: the ones waiting for export to accounting, one call either way. */
import { and, eq } from 'drizzle-orm';
import { addCalendarDays, dayIn } from '../../../../shared/time';
import { isoNow } from '../../clock';
import { ascoraInvoices } from '../../db/schema';
import { createRowWriter } from '../../db/row-writer';
import { contentHash } from '../canonical';
import { invoiceColumns } from '../mapping';
import type { PullOptions, PullResult } from './options';
import { dropRepeats, logInvalid, whileWaiting, WRITE_CHUNK } from './paged';

// ---- invoices -------------------------------------------------------------------------------

/**
 * GetInvoicesToSend has no paging: one call, written in chunks; those that left it are kept. The
 * same in both kinds of run: one call is the whole list, so it always sees what left it.
 */
export async function pullInvoices(o: PullOptions): Promise<PullResult> {
  const answer = await whileWaiting(
    o.client.invoicesToSend(priorToDateFor(o.timeZone, o.ascoraNow()), o.signal),
    o.whileWaiting,
  );
  const result: PullResult = { processed: 0, written: 0, invalid: 0, conflicts: 0, countedPass: true };
  /** The answer's ids: valid ones (a second copy of one is bad data), and those of invalid records. */
  const seen = new Set<string>();
  const seenInvalid = new Set<string>();
  const now = isoNow(o.ctx.clock);
  const find = o.ctx.sqlite.prepare<
    [number, string],
    { id: number; contentHash: string | null; noLongerPending: 0 | 1 }
  >(
    'SELECT id, content_hash AS contentHash, no_longer_pending AS noLongerPending FROM ascora_invoices WHERE integration_id = ? AND ascora_invoice_id = ?',
  );
  const rows = createRowWriter(o.ctx.sqlite, ascoraInvoices);
  // Validated and written a chunk at a time, each let go once written: the whole answer is never
  // held validated (bench case 8).
  for (let batch = answer.next(WRITE_CHUNK); batch; batch = answer.next(WRITE_CHUNK)) {
    const { fresh, twice } = dropRepeats(batch.records, (invoice) => invoice.id, new Set(), seen);
    const invalid = [...batch.invalid, ...twice];
    for (const bad of invalid) if (bad.id) seenInvalid.add(bad.id);
    o.ctx.db.transaction((tx) => {
      for (const { value, raw } of fresh) {
        const hash = contentHash(raw);
        const existing = find.get(o.integrationId, value.id);
        if (existing && existing.contentHash === hash && !existing.noLongerPending) continue;
        const columns = {
          ...invoiceColumns(value),
          rawJson: JSON.stringify(raw),
          contentHash: hash,
          noLongerPending: false,
          pulledAt: now,
          updatedAt: now,
        };
        if (existing) rows.update(existing.id, columns);
        else rows.insert({ ...columns, integrationId: o.integrationId });
        result.written++;
      }
      logInvalid(tx, o, 'invoices', invalid);
    });
    result.processed += fresh.length;
    result.invalid += invalid.length;
    o.onProgress?.('invoices', result.processed + result.invalid, answer.total);
    // A turn of the event loop between chunks: a command asked for meanwhile waits for one chunk.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (o.signal?.aborted) throw o.signal.reason;
  }
  o.ctx.db.transaction((tx) => {
    const pending = tx
      .select({ id: ascoraInvoices.id, ascoraId: ascoraInvoices.ascoraInvoiceId })
      .from(ascoraInvoices)
      .where(and(eq(ascoraInvoices.integrationId, o.integrationId), eq(ascoraInvoices.noLongerPending, false)))
      .all();
    for (const row of pending) {
      if (seen.has(row.ascoraId) || seenInvalid.has(row.ascoraId)) continue;
      // Exported to accounting (or removed): kept, marked, never deleted.
      tx.update(ascoraInvoices)
        .set({ noLongerPending: true, updatedAt: now })
        .where(eq(ascoraInvoices.id, row.id))
        .run();
      result.written++;
    }
  });
  return result;
}

/** priorToDate is "strictly before": tomorrow in the office's time zone (on Ascora's clock) includes today. */
export function priorToDateFor(zone: string, nowMs: number): string {
  return addCalendarDays(dayIn(zone, nowMs), 1);
}
