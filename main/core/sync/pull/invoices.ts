/** Invoices: the ones waiting for export to accounting, one call either way. */
import { and, eq } from 'drizzle-orm';
import { addCalendarDays, dayIn } from '../../../../shared/time';
import { isoNow } from '../../clock';
import { ascoraInvoices } from '../../db/schema';
import { createRowWriter } from '../../db/row-writer';
import { contentHash } from '../canonical';
import { invoiceColumns } from '../mapping';
import type { PullOptions, PullResult } from './options';
import { dropRepeats, logInvalid, whileWaiting } from './paged';

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
  const { fresh: records, twice } = dropRepeats(answer.records, (invoice) => invoice.id, new Set());
  const invalid = [...answer.invalid, ...twice];
  const result: PullResult = {
    processed: records.length,
    written: 0,
    invalid: invalid.length,
    conflicts: 0,
    countedPass: true,
  };
  const seen = new Set<string>([...records.map((r) => r.value.id), ...invalid.flatMap((i) => (i.id ? [i.id] : []))]);
  const now = isoNow(o.ctx.clock);
  const find = o.ctx.sqlite.prepare<
    [number, string],
    { id: number; contentHash: string | null; noLongerPending: 0 | 1 }
  >(
    'SELECT id, content_hash AS contentHash, no_longer_pending AS noLongerPending FROM ascora_invoices WHERE integration_id = ? AND ascora_invoice_id = ?',
  );
  const rows = createRowWriter(o.ctx.sqlite, ascoraInvoices);
  for (let start = 0; start < records.length || start === 0; start += 500) {
    o.ctx.db.transaction((tx) => {
      for (const { value, raw } of records.slice(start, start + 500)) {
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
      if (start === 0) logInvalid(tx, o, 'invoices', invalid);
    });
    o.onProgress?.('invoices', Math.min(records.length, start + 500), records.length);
  }
  o.ctx.db.transaction((tx) => {
    const pending = tx
      .select({ id: ascoraInvoices.id, ascoraId: ascoraInvoices.ascoraInvoiceId })
      .from(ascoraInvoices)
      .where(and(eq(ascoraInvoices.integrationId, o.integrationId), eq(ascoraInvoices.noLongerPending, false)))
      .all();
    for (const row of pending) {
      if (seen.has(row.ascoraId)) continue;
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
