import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../main/core/clock';
import { createDashboardService } from '../../main/core/services/dashboard';
import { createJobService } from '../../main/core/services/jobs';
import { createPaymentService } from '../../main/core/services/payments';
import { createSettingsService, officeTimeZone } from '../../main/core/services/settings';
import { priorToDateFor, recentWindow } from '../../main/core/sync/pull';
import { contract } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { formatDate, formatDateTime } from '../../shared/format';
import { addCalendarDays, dayIn, dayStartUtc, systemTimeZone } from '../../shared/time';
import { createTestCore, type TestCore } from '../support/core';
import { insertIntegration } from '../support/db';

/** A clock that says what the test says; nothing here waits. */
function clockAt(iso: string): Clock & { set(iso: string): void } {
  let now = Date.parse(iso);
  return { now: () => now, sleep: systemClock.sleep, set: (next) => (now = Date.parse(next)) };
}

let core: TestCore;
let clock: ReturnType<typeof clockAt>;
let integrationId: number;
beforeEach(() => {
  // 14:00 UTC on 5 October 2026: 22:00 on the 5th in Perth, 23:30 on the 5th in Darwin, and
  // already 01:00 on the 6th in Sydney (daylight saving began there on Sunday the 4th).
  clock = clockAt('2026-10-05T14:00:00Z');
  core = createTestCore({ clock });
  integrationId = insertIntegration(core.sqlite);
});
afterEach(() => core.close());

const setZone = (timeZone: string) => createSettingsService(core).update({ timeZone });

describe('the office time zone setting', () => {
  it("defaults to the computer's zone and keeps the zone the office picks", () => {
    expect(createSettingsService(core).get().timeZone).toBe(systemTimeZone());
    expect(setZone('Australia/Perth').timeZone).toBe('Australia/Perth');
    expect(officeTimeZone(core.db)).toBe('Australia/Perth');
  });

  it('refuses a zone that is not one, with words a person understands', () => {
    const parsed = contract['settings.update'].input.safeParse({ timeZone: 'Mars/Olympus_Mons' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('Pick a time zone from the list, such as Australia/Perth.');
  });
});

describe('each office sees its own today', () => {
  function paymentOnSydneysToday() {
    const invoiceId = Number(
      core.sqlite
        .prepare(
          "INSERT INTO ascora_invoices (integration_id, ascora_invoice_id, invoice_number, invoice_date, total_ex_tax_cents, tax_cents) VALUES (?, ?, 'INV-7', '2026-09-01', 10000, 1000)",
        )
        .run(integrationId, `inv-${Math.random()}`).lastInsertRowid,
    );
    return () =>
      createPaymentService(core).record(
        contract['invoices.recordPayment'].input.parse({
          invoiceId,
          amountCents: 500,
          paymentDate: '2026-10-06',
          paymentMethod: 'EFT',
        }),
      );
  }

  it('a payment dated the 6th is today in Sydney but tomorrow in Perth and Darwin', () => {
    for (const zone of ['Australia/Perth', 'Australia/Darwin']) {
      setZone(zone);
      const pay = paymentOnSydneysToday();
      let refusal: unknown;
      try {
        pay();
      } catch (e) {
        refusal = e;
      }
      expect(refusal).toBeInstanceOf(AppError);
      expect((refusal as AppError).code).toBe('NEEDS_CONFIRMATION');
      expect((refusal as AppError).message).toContain('is in the future (today is 05/10/2026)');
    }
    setZone('Australia/Sydney');
    expect(paymentOnSydneysToday()().paymentDate).toBe('2026-10-06');
  });

  it("the Jobs list's date filter takes the office's day", () => {
    // 23:00 on the 5th in Perth; 02:00 on the 6th in Sydney.
    core.sqlite
      .prepare("INSERT INTO ascora_jobs (integration_id, job_name, date_created) VALUES (?, 'Late call', ?)")
      .run(integrationId, '2026-10-05T15:00:00.000Z');
    const onThe5th = () =>
      createJobService(core).list(
        contract['jobs.list'].input.parse({ integrationId, createdFrom: '2026-10-05', createdTo: '2026-10-05' }),
      ).total;
    setZone('Australia/Perth');
    expect(onThe5th()).toBe(1);
    setZone('Australia/Sydney');
    expect(onThe5th()).toBe(0);
  });

  it("asks Ascora for invoices prior to the office's tomorrow", () => {
    expect(priorToDateFor('Australia/Perth', clock.now())).toBe('2026-10-06');
    expect(priorToDateFor('Australia/Sydney', clock.now())).toBe('2026-10-07');
    setZone('Australia/Darwin');
    expect(recentWindow({ ctx: core, integrationId, timeZone: officeTimeZone(core.db), ascoraNow: clock.now })).toEqual(
      { startDate: '2026-09-20', endDate: '2026-10-06' },
    );
  });
});

describe('days around a daylight saving change (Sydney, Sunday 4 October 2026: 23 hours long)', () => {
  it('the day after starts at local midnight, not 24 hours after the day before', () => {
    expect(dayStartUtc('Australia/Sydney', '2026-10-04')).toBe('2026-10-03T14:00:00.000Z');
    expect(dayStartUtc('Australia/Sydney', addCalendarDays('2026-10-04', 1))).toBe('2026-10-04T13:00:00.000Z');
    expect(dayIn('Australia/Sydney', Date.parse('2026-10-04T13:30:00Z'))).toBe('2026-10-05');
  });

  it('a job made at 00:30 on the Monday is not in a filter ending on the Sunday', () => {
    setZone('Australia/Sydney');
    core.sqlite
      .prepare("INSERT INTO ascora_jobs (integration_id, job_name, date_created) VALUES (?, 'Monday', ?)")
      .run(integrationId, '2026-10-04T13:30:00.000Z');
    const list = (createdFrom: string, createdTo: string) =>
      createJobService(core).list(contract['jobs.list'].input.parse({ integrationId, createdFrom, createdTo })).total;
    expect(list('2026-10-04', '2026-10-04')).toBe(0);
    expect(list('2026-10-05', '2026-10-05')).toBe(1);
  });
});

describe("invoice ageing counts the office's days", () => {
  function ageing() {
    return Object.fromEntries(
      createDashboardService(core)
        .summary(integrationId)
        .ageing.filter((row) => row.count > 0)
        .map((row) => [row.bucket, row.remainingCents]),
    );
  }
  beforeEach(() => {
    const insert = core.sqlite.prepare(
      'INSERT INTO ascora_invoices (integration_id, ascora_invoice_id, invoice_number, due_date, total_ex_tax_cents, tax_cents) VALUES (?, ?, ?, ?, ?, 0)',
    );
    // Due 30 and 31 days before Sydney's 5 October, and 60 and 61.
    insert.run(integrationId, 'a', 'A', '2026-09-05', 100);
    insert.run(integrationId, 'b', 'B', '2026-09-04', 200);
    insert.run(integrationId, 'c', 'C', '2026-08-06', 400);
    insert.run(integrationId, 'd', 'D', '2026-08-05', 800);
    setZone('Australia/Sydney');
  });

  it('at 23:30 local time', () => {
    clock.set('2026-10-05T12:30:00Z'); // 23:30 on the 5th in Sydney
    // A is 30 days past due, B 31, C 60, D 61.
    expect(ageing()).toEqual({ '1-30': 100, '31-60': 200 + 400, '61-90': 800 });
  });

  it('at 00:30 local time, when UTC is still on the day before', () => {
    clock.set('2026-10-05T13:30:00Z'); // 00:30 on the 6th in Sydney, 13:30 on the 5th in UTC
    // A day older each: A 31, B 32, C 61, D 62.
    expect(ageing()).toEqual({ '31-60': 100 + 200, '61-90': 400 + 800 });
  });
});

describe('dates shown', () => {
  it('shows an instant as the day and time it was in the office, and a calendar day as it is', () => {
    const instant = '2026-10-05T14:00:00Z';
    expect(formatDate(instant, 'Australia/Perth')).toBe('05/10/2026');
    expect(formatDate(instant, 'Australia/Sydney')).toBe('06/10/2026');
    expect(formatDateTime(instant, 'Australia/Darwin')).toMatch(/^05\/10\/2026, 11:30\s?pm$/);
    for (const zone of ['Australia/Perth', 'Pacific/Auckland', 'America/Los_Angeles'])
      expect(formatDate('2026-10-05', zone)).toBe('05/10/2026');
  });
});
