/**
 * Ascora's clock, read from this computer (issue 19, scenario 6). Ascora stamps a job's created date
 * with its own clock, and the created-date windows (a lost create's look-up, the incremental pull's
 * recent jobs, invoices before "tomorrow") ask Ascora about its days; this computer's clock may be
 * days off. The offset comes from the Date header of Ascora's answers in this run (the client notes
 * each); before the run has heard from Ascora, the last run's, kept on the integration's row, so a
 * run after a restart is on Ascora's clock from its first request.
 */
import { eq } from 'drizzle-orm';
import type { AscoraClient } from '../ascora/types';
import type { CoreContext } from '../context';
import { ascoraIntegrations } from '../db/schema';

export interface AscoraClock {
  /** Ascora's now, in ms since the epoch. */
  now(): number;
  /** Keeps the offset this run measured for the next run (no write when nothing changed). */
  save(): void;
}

export function ascoraClockFor(
  ctx: Pick<CoreContext, 'db' | 'clock'>,
  integrationId: number,
  client: Pick<AscoraClient, 'clockOffsetMs'>,
): AscoraClock {
  const byId = eq(ascoraIntegrations.id, integrationId);
  const kept =
    ctx.db.select({ offset: ascoraIntegrations.ascoraClockOffsetMs }).from(ascoraIntegrations).where(byId).get()
      ?.offset ?? null;
  return {
    // Never heard from Ascora at all: this computer's clock, the best there is.
    now: () => ctx.clock.now() + (client.clockOffsetMs() ?? kept ?? 0),
    save: () => {
      const measured = client.clockOffsetMs();
      if (measured === null || measured === kept) return;
      ctx.db.update(ascoraIntegrations).set({ ascoraClockOffsetMs: measured }).where(byId).run();
    },
  };
}
