/**
 * The Today screen's figures over a real SQLite file: the office's day (in Settings' time zone,
 * Sydney here, with its daylight-saving days), what the last sync brought, what needs a person, open invoices by age; and
 * each figure equal to the total of the list it opens (jobs.list, invoices.list with the same filter).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDashboardService } from '../../main/core/services/dashboard';
import { createInvoiceService } from '../../main/core/services/invoices';
import { createJobService } from '../../main/core/services/jobs';
import { createSettingsService } from '../../main/core/services/settings';
import { contract } from '../../shared/contract';
import { createFakeClock, createTestCore, type TestCore } from '../support/core';

let core: TestCore;
afterEach(() => core?.close());

function open(nowUtc: string) {
  core = createTestCore({ clock: createFakeClock(Date.parse(nowUtc)) });
  const integrationId = Number(
    core.sqlite
      .prepare(
        "INSERT INTO ascora_integrations (display_name, keychain_ref, last_success_at) VALUES ('Office', 'ascora:t', ?)",
      )
      .run(nowUtc).lastInsertRowid,
  );
  // The office is in Sydney (Settings' time zone; it defaults to the computer's).
  createSettingsService(core).update({ timeZone: 'Australia/Sydney' });
  return integrationId;
}

function addJob(integrationId: number, values: Record<string, unknown>) {
  const row = { integration_id: integrationId, ascora_job_id: `g-${Math.random()}`, job_name: 'Job', ...values };
  const keys = Object.keys(row);
  return Number(
    core.sqlite
      .prepare(`INSERT INTO ascora_jobs (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`)
      .run(...Object.values(row)).lastInsertRowid,
  );
}

const summary = (integrationId: number) => createDashboardService(core).summary(integrationId);
const jobsTotal = (integrationId: number, filter: Record<string, unknown>) =>
  createJobService(core).list(contract['jobs.list'].input.parse({ integrationId, ...filter })).total;

describe("today's jobs, by the office's calendar day", () => {
  it('counts a job created at 00:00 and at 23:59:59 Sydney time, not one a second either side', () => {
    // 00:30 on 1 December in Sydney (AEDT, UTC+11), still 30 November in UTC.
    const integrationId = open('2026-11-30T13:30:00.000Z');
    addJob(integrationId, { date_created: '2026-11-30T12:59:59.000Z', job_status_text: 'New' }); // 30 Nov 23:59:59
    addJob(integrationId, { date_created: '2026-11-30T13:00:00.000Z', job_status_text: 'New' }); // 1 Dec 00:00
    addJob(integrationId, { date_created: '2026-12-01T12:59:59.000Z', job_status_text: 'Scheduled' }); // 1 Dec 23:59:59
    addJob(integrationId, { date_created: '2026-12-01T13:00:00.000Z', job_status_text: 'New' }); // 2 Dec 00:00
    addJob(integrationId, {
      date_created: '2026-12-01T01:00:00.000Z',
      job_status_text: 'New',
      local_status_text: 'Drying',
    });
    // Deleted or merged in Ascora: counted as the Jobs list shows it (badged "No longer in Ascora").
    addJob(integrationId, { date_created: '2026-12-01T01:00:00.000Z', job_status_text: 'New', remote_missing: 1 });

    const s = summary(integrationId);
    expect(s.today).toBe('2026-12-01');
    expect(s.todaysJobs).toEqual([
      { status: 'New', count: 2 },
      { status: 'Drying', count: 1 },
      { status: 'Scheduled', count: 1 },
    ]);
    // Each figure opens the Jobs list with the same filter, which finds the same jobs.
    for (const row of s.todaysJobs)
      expect(jobsTotal(integrationId, { createdFrom: s.today, createdTo: s.today, statusText: row.status })).toBe(
        row.count,
      );
  });

  it('takes the whole of a 25-hour day when daylight saving ends (calendar days, not 24 hours)', () => {
    // Sunday 4 April 2027: Sydney goes from AEDT (UTC+11) to AEST (UTC+10) at 03:00.
    const integrationId = open('2027-04-04T02:00:00.000Z');
    addJob(integrationId, { date_created: '2027-04-03T13:00:00.000Z', job_status_text: 'New' }); // 00:00 AEDT
    addJob(integrationId, { date_created: '2027-04-04T13:30:00.000Z', job_status_text: 'New' }); // 23:30 AEST
    addJob(integrationId, { date_created: '2027-04-04T14:00:00.000Z', job_status_text: 'New' }); // 5 April 00:00
    const s = summary(integrationId);
    expect(s.today).toBe('2027-04-04');
    expect(s.todaysJobs).toEqual([{ status: 'New', count: 2 }]);
    expect(jobsTotal(integrationId, { createdFrom: s.today, createdTo: s.today })).toBe(2);
  });
});

describe('open invoices by age', () => {
  it("ages each open invoice once, by its due date on the office's calendar, and each bar's list agrees", () => {
    // 1 December in Sydney, 30 November in UTC.
    const integrationId = open('2026-11-30T13:30:00.000Z');
    const insert = core.sqlite.prepare(
      'INSERT INTO ascora_invoices (integration_id, ascora_invoice_id, invoice_number, invoice_date, due_date, total_ex_tax_cents, tax_cents, no_longer_pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const invoice = (n: string, date: string | null, due: string | null, exTax: number, exported = 0) =>
      insert.run(integrationId, `i-${n}`, n, date, due, exTax, exTax / 10, exported);
    invoice('INV-1', '2026-10-17T00:00:00', null, 100_00); // due 31 Oct: 31 days past due here, 30 in UTC
    invoice('INV-2', '2026-11-01T00:00:00', '2026-11-01T00:00:00', 200_00); // due 1 Nov: 30 days
    invoice('INV-3', '2026-08-01T00:00:00', '2026-09-01T00:00:00', 300_00); // 91 days past due
    invoice('INV-4', '2026-09-02T00:00:00', '2026-12-01T00:00:00', 400_00); // due today: current
    invoice('INV-5', '2026-08-01T00:00:00', null, 500_00, 1); // exported to accounting: not open
    invoice('INV-6', null, null, 600_00); // no date: cannot be aged

    const s = summary(integrationId);
    expect(s.ageing).toEqual([
      { bucket: 'current', count: 1, remainingCents: 400_00 * 1.1 },
      { bucket: '1-30', count: 1, remainingCents: 200_00 * 1.1 },
      { bucket: '31-60', count: 1, remainingCents: 100_00 * 1.1 },
      { bucket: '61-90', count: 0, remainingCents: 0 },
      { bucket: 'over-90', count: 1, remainingCents: 300_00 * 1.1 },
      { bucket: 'undated', count: 1, remainingCents: 600_00 * 1.1 },
    ]);
    expect(s.outstanding).toEqual({ count: 5, remainingCents: (100_00 + 200_00 + 300_00 + 400_00 + 600_00) * 1.1 });
    const invoices = createInvoiceService(core);
    for (const row of s.ageing) {
      const list = invoices.list(
        contract['invoices.list'].input.parse({
          integrationId,
          ageing: row.bucket,
          outstandingOnly: true,
          includeExported: false,
        }),
      );
      expect(list.total, row.bucket).toBe(row.count);
      expect(
        list.rows.reduce((sum, r) => sum + r.remainingCents, 0),
        row.bucket,
      ).toBe(row.remainingCents);
    }
  });
});

describe('since the last sync', () => {
  it('counts the jobs the last finished run added and changed, and the Jobs list finds the same ones', () => {
    const integrationId = open('2026-12-01T01:00:00.000Z');
    core.sqlite
      .prepare(
        "INSERT INTO ascora_sync_logs (integration_id, kind, status, created_at, duration_ms) VALUES (?, 'run', 'success', '2026-12-01T00:00:00.000Z', 60000)",
      )
      .run(integrationId);
    // A run still going is not "the last sync".
    core.sqlite
      .prepare(
        "INSERT INTO ascora_sync_logs (integration_id, kind, status, created_at) VALUES (?, 'run', 'running', '2026-12-01T00:50:00.000Z')",
      )
      .run(integrationId);
    const during = '2026-12-01T00:00:30.000Z';
    addJob(integrationId, { job_number: 'J1', created_at: during, pulled_at: during }); // new
    addJob(integrationId, { job_number: 'J2', created_at: during, pulled_at: during }); // new
    addJob(integrationId, { job_number: 'J3', created_at: '2026-11-01T00:00:00.000Z', pulled_at: during }); // changed
    addJob(integrationId, {
      job_number: 'J4',
      created_at: '2026-11-01T00:00:00.000Z',
      pulled_at: '2026-11-20T00:00:00.000Z',
    });
    // Written by the run still going: not counted until it ends.
    addJob(integrationId, {
      job_number: 'J5',
      created_at: '2026-12-01T00:55:00.000Z',
      pulled_at: '2026-12-01T00:55:00.000Z',
    });

    const s = summary(integrationId).lastSync;
    expect(s).toMatchObject({ newJobs: 2, updatedJobs: 1, finishedAt: '2026-12-01T00:01:00.000Z' });
    expect(s.jobs.map((j) => [j.jobNumber, j.change]).sort()).toEqual([
      ['J1', 'new'],
      ['J2', 'new'],
      ['J3', 'updated'],
    ]);
    expect(jobsTotal(integrationId, { lastSync: 'new' })).toBe(2);
    expect(jobsTotal(integrationId, { lastSync: 'updated' })).toBe(1);
  });

  it('says the first sync has not finished, and counts nothing as new, before any run', () => {
    const integrationId = open('2026-12-01T01:00:00.000Z');
    core.sqlite.prepare('UPDATE ascora_integrations SET last_success_at = NULL').run();
    addJob(integrationId, { pulled_at: '2026-12-01T00:59:00.000Z' });
    const s = summary(integrationId);
    expect(s.firstSyncPending).toBe(true);
    expect(s.lastSync).toMatchObject({ newJobs: 0, updatedJobs: 0, finishedAt: null });
    expect(jobsTotal(integrationId, { lastSync: 'new' })).toBe(0);
  });
});

describe('what needs a person', () => {
  it('counts refused changes, changes and payments to check, open conflicts and reports not made into jobs', () => {
    const integrationId = open('2026-12-01T01:00:00.000Z');
    const queue = core.sqlite.prepare(
      'INSERT INTO outbox (integration_id, kind, record_id, state) VALUES (?, ?, 1, ?)',
    );
    queue.run(integrationId, 'create_customer', 'failed');
    queue.run(integrationId, 'create_payment', 'failed');
    queue.run(integrationId, 'create_job', 'needs_check');
    queue.run(integrationId, 'create_payment', 'needs_check');
    queue.run(integrationId, 'create_payment', 'needs_check');
    queue.run(integrationId, 'create_customer', 'pending'); // waiting: nothing for a person yet
    queue.run(integrationId, 'create_customer', 'done');
    const conflict = core.sqlite.prepare(
      "INSERT INTO conflicts (integration_id, entity, record_id, fields_json, theirs_json, resolved_at) VALUES (?, 'customer', 1, '[]', '{}', ?)",
    );
    conflict.run(integrationId, null);
    conflict.run(integrationId, '2026-11-30T00:00:00.000Z');
    const report = core.sqlite.prepare(
      "INSERT INTO reports (report_id, client_name, property_address, damage_type, severity, total_cost_cents, data_json) VALUES (?, 'Client', 'Street', 'water', 'Minor', 0, '{}')",
    );
    report.run('r-with-job');
    report.run('r-without-job');
    report.run('r-without-job-2');
    addJob(integrationId, { report_id: 'r-with-job' });

    expect(summary(integrationId).needsPerson).toEqual({
      refused: 2,
      toCheck: 1,
      paymentsToCheck: 2,
      conflicts: 1,
      reportsWithoutJob: 2,
      duplicateJobs: 0,
    });
  });
});

describe("the office's time zone", () => {
  it('counts the day in Perth when the office is in Perth', () => {
    // 07:30 on 1 December in Perth (UTC+8); already 10:30 in Sydney.
    const integrationId = open('2026-11-30T23:30:00.000Z');
    createSettingsService(core).update({ timeZone: 'Australia/Perth' });
    addJob(integrationId, { date_created: '2026-11-30T15:59:59.000Z', job_status_text: 'New' }); // 30 Nov 23:59:59 in Perth
    addJob(integrationId, { date_created: '2026-11-30T16:00:00.000Z', job_status_text: 'New' }); // 1 Dec 00:00 in Perth
    const s = summary(integrationId);
    expect(s.today).toBe('2026-12-01');
    expect(s.todaysJobs).toEqual([{ status: 'New', count: 1 }]);
  });
});
