/**
 * Finding people (issue 20, point 8), over a real SQLite file: a job is found by its customer's
 * phone however it is typed (+61 included) and by the customer's email, whole or part, and so is
 * its invoice; customers are found by +61 too; customers sharing a name carry what tells them apart. The job-number and
 * claim-number searches stay as they were (tests/services/search.test.ts), and a search still reads
 * the full-text index.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsFolder, openDatabase } from '../../main/core/db/open';
import { createCustomerService } from '../../main/core/services/customers';
import { createInvoiceService } from '../../main/core/services/invoices';
import { createJobService } from '../../main/core/services/jobs';
import { contract } from '../../shared/contract';
import { customerLabel, namesakeDetail } from '../../shared/customer-names';
import { createTestCore, type TestCore } from '../support/core';
import { insertIntegration, makeTempDir } from '../support/db';
import { pageQueryPlans } from '../support/query-plans';

let core: TestCore;
let integrationId: number;
const ids: Record<string, number> = {};

function insert(table: string, fields: Record<string, string | number | null>): number {
  const columns = Object.keys(fields);
  return Number(
    core.sqlite
      .prepare(
        `INSERT INTO ${table} (integration_id, ${columns.join(', ')}) VALUES (?, ${columns.map(() => '?').join(', ')})`,
      )
      .run(integrationId, ...Object.values(fields)).lastInsertRowid,
  );
}

beforeAll(() => {
  core = createTestCore();
  integrationId = insertIntegration(core.sqlite);
  // A customer in Ascora, named by its jobs through Ascora's id.
  ids.samLee = insert('ascora_customers', {
    ascora_customer_id: 'cust-sam',
    customer_name: 'Blue Gum Rentals Pty Ltd',
    company_name: 'Blue Gum Rentals Pty Ltd',
    contact_first_name: 'Sam',
    contact_last_name: 'Lee',
    email_address: 'Sam.Lee@BlueGumRentals.com.au',
    mobile_number: '0488 159 134',
    street_suburb: 'Parramatta',
  });
  // A namesake in another suburb, with a landline only.
  ids.joKaur = insert('ascora_customers', {
    ascora_customer_id: 'cust-jo',
    customer_name: 'Blue Gum Rentals Pty Ltd',
    company_name: 'Blue Gum Rentals Pty Ltd',
    contact_first_name: 'Jo',
    contact_last_name: 'Kaur',
    email_address: 'accounts@bluegum.example',
    phone_number: '(08) 7979 6849',
    street_suburb: 'Glenelg',
  });
  // A customer made here and not yet sent: its job names it by the local id.
  ids.mei = insert('ascora_customers', {
    customer_name: 'Mei Lindqvist',
    contact_first_name: 'Mei',
    contact_last_name: 'Lindqvist',
    phone_number: '+61 2 9876 5432',
  });
  ids.samJob = insert('ascora_jobs', {
    ascora_job_id: 'job-sam',
    job_number: 'J10273',
    job_name: 'Water damage – 14 Kent St',
    client_order_number: 'NRMA-CLM-4410021',
    site_customer_id: 'cust-sam',
    site_customer_name: 'Blue Gum Rentals Pty Ltd',
  });
  ids.joJob = insert('ascora_jobs', {
    job_number: 'J20001',
    job_name: 'Storm damage',
    site_customer_id: 'cust-jo',
    site_customer_name: 'Blue Gum Rentals Pty Ltd',
  });
  ids.meiJob = insert('ascora_jobs', { job_name: 'Mould remediation', site_customer_local_id: ids.mei });
  ids.noCustomer = insert('ascora_jobs', { job_number: 'J30003', job_name: 'Fire damage' });
  ids.samInvoice = insert('ascora_invoices', {
    ascora_invoice_id: 'inv-sam',
    invoice_number: 'INV-5501',
    ascora_job_id: 'job-sam',
  });
});
afterAll(() => core.close());

const byId = (a: number, b: number) => a - b;
const findJobs = (search: string) =>
  createJobService(core)
    .list(contract['jobs.list'].input.parse({ integrationId, search }))
    .rows.map((r) => r.id)
    .sort(byId);
const customers = (search: string) =>
  createCustomerService(core).list(contract['customers.list'].input.parse({ integrationId, search })).rows;
const findCustomers = (search: string) =>
  customers(search)
    .map((r) => r.id)
    .sort(byId);
const only = (...keys: string[]) => keys.map((k) => ids[k] ?? 0).sort(byId);

describe("a job is found by its customer's phone and email", () => {
  it('finds the job by a mobile in any format, +61 and 61 included', () => {
    for (const typed of [
      '0488159134',
      '0488 159 134',
      '0488-159-134',
      '(0488) 159 134',
      '+61488159134',
      '+61 488 159 134',
      '61488159134',
      '+61 (0)488 159 134',
    ])
      expect(findJobs(typed), typed).toEqual(only('samJob'));
  });

  it('finds the job by a landline in any format, as the number is typed', () => {
    for (const typed of ['08 7979 6849', '0879796849', '(08) 7979-6849', '+61 8 7979 6849', '+61879796849'])
      expect(findJobs(typed), typed).toEqual(only('joJob'));
    // Part of a number, as it is being typed.
    expect(findJobs('08 7979')).toEqual(only('joJob'));
    expect(findJobs('+61 8 797')).toEqual(only('joJob'));
  });

  it("finds a job made here by its local customer's phone", () => {
    expect(findJobs('02 9876 5432')).toEqual(only('meiJob'));
    expect(findJobs('+61298765432')).toEqual(only('meiJob'));
  });

  it('finds the job by the email, whole or part, in any case', () => {
    for (const typed of ['Sam.Lee@BlueGumRentals.com.au', 'sam.lee@bluegumrentals.com.au', 'SAM.LEE', 'bluegumrent'])
      expect(findJobs(typed), typed).toEqual(only('samJob'));
    expect(findJobs('accounts@bluegum')).toEqual(only('joJob'));
  });

  it('a "+61" still being typed is not yet a number: it does not list every job with a phone', () => {
    // Only the job whose customer's number is written with 61 in it, as typed.
    expect(findJobs('+61')).toEqual(only('meiJob'));
    expect(findJobs('+61 4')).toEqual([]);
  });

  it('a phone with other words narrows by both', () => {
    expect(findJobs('water 0488 159 134')).toEqual(only('samJob'));
    expect(findJobs('storm 0488 159 134')).toEqual([]);
  });

  it("follows a customer's new phone and email to the jobs naming it", () => {
    core.sqlite
      .prepare(
        "UPDATE ascora_customers SET mobile_number = '0411 222 333', email_address = 'sam@newmail.example' WHERE id = ?",
      )
      .run(ids.samLee);
    expect(findJobs('+61 411 222 333')).toEqual(only('samJob'));
    expect(findJobs('newmail')).toEqual(only('samJob'));
    expect(findJobs('0488 159 134')).toEqual([]);
    expect(findJobs('bluegumrentals')).toEqual([]);
    core.sqlite
      .prepare(
        "UPDATE ascora_customers SET mobile_number = '0488 159 134', email_address = 'Sam.Lee@BlueGumRentals.com.au' WHERE id = ?",
      )
      .run(ids.samLee);
    expect(findJobs('0488159134')).toEqual(only('samJob'));
  });

  it('still finds jobs by number and claim number as before', () => {
    expect(findJobs('10273')).toEqual(only('samJob'));
    expect(findJobs('J30003')).toEqual(only('noCustomer'));
    expect(findJobs('NRMA-CLM-4410021')).toEqual(only('samJob'));
    expect(findJobs('4410021')).toEqual(only('samJob'));
  });

  it('a search by phone reads the full-text index, on every sort', () => {
    for (const sort of ['dateCreated', 'jobNumber', 'jobName', 'status']) {
      const plans = pageQueryPlans(core.sqlite, () =>
        createJobService(core).list(
          contract['jobs.list'].input.parse({ integrationId, search: '+61 488 159 134', sort }),
        ),
      );
      expect(plans.length).toBeGreaterThan(0);
      for (const plan of plans) expect(plan, sort).toMatch(/SCAN jobs_fts VIRTUAL TABLE INDEX/);
    }
  });
});

describe("an invoice is found by its job's customer's phone and email", () => {
  const findInvoices = (search: string) =>
    createInvoiceService(core)
      .list(contract['invoices.list'].input.parse({ integrationId, search }))
      .rows.map((r) => r.id);

  it('finds the invoice by the phone in any format and by the email, and still by its number', () => {
    for (const typed of ['+61488159134', '0488 159 134', '61 488 159 134', 'sam.lee@bluegumrentals', 'INV-5501'])
      expect(findInvoices(typed), typed).toEqual(only('samInvoice'));
    // Another customer's number finds none of this customer's invoices.
    expect(findInvoices('+61 8 7979 6849')).toEqual([]);
  });
});

describe('customers are found by +61 and told apart by name', () => {
  it('finds a customer by a phone written with +61 or 61, or without its trunk 0', () => {
    for (const typed of ['+61488159134', '+61 488 159 134', '61 488 159 134', '0488159134', '488 159 134'])
      expect(findCustomers(typed), typed).toEqual(only('samLee'));
    expect(findCustomers('+61 8 7979 6849')).toEqual(only('joKaur'));
    expect(findCustomers('(02) 9876 5432')).toEqual(only('mei'));
  });

  it('gives customers sharing a name their contact, suburb and phone, and a name of its own nothing', () => {
    const found = customers('blue gum');
    expect(found.map(customerLabel).sort()).toEqual([
      'Blue Gum Rentals Pty Ltd · Jo Kaur · Glenelg · (08) 7979 6849',
      'Blue Gum Rentals Pty Ltd · Sam Lee · Parramatta · 0488 159 134',
    ]);
    expect(found.every((c) => c.namesakes === 1)).toBe(true);
    const [mei] = customers('lindqvist');
    expect(mei).toMatchObject({ namesakes: 0, contactName: 'Mei Lindqvist' });
    expect(namesakeDetail(mei!)).toBe('');
    expect(customerLabel(mei!)).toBe('Mei Lindqvist');
  });

  it('counts namesakes across the whole connection, not only the page shown', () => {
    const [sam] = customers('sam lee');
    expect(sam).toMatchObject({ id: ids.samLee, namesakes: 1 });
  });
});

describe('the index after an upgrade', () => {
  it('indexes the phones and emails of the customers a database already had when migration 0014 runs', () => {
    const dir = makeTempDir();
    try {
      const before = path.join(dir, 'migrations-0013');
      fs.cpSync(defaultMigrationsFolder(), before, { recursive: true });
      const journalFile = path.join(before, 'meta', '_journal.json');
      const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
      journal.entries = journal.entries.filter((e) => e.tag < '0014');
      fs.writeFileSync(journalFile, JSON.stringify(journal));
      const file = path.join(dir, 'mirror.db');
      const old = new Database(file);
      migrate(drizzle(old), { migrationsFolder: before });
      old.prepare("INSERT INTO ascora_integrations (display_name, keychain_ref) VALUES ('Office', 'ascora:old')").run();
      old
        .prepare(
          "INSERT INTO ascora_customers (id, integration_id, ascora_customer_id, customer_name, email_address, mobile_number) VALUES (3, 1, 'c-3', 'Ana Silva', 'ana@silva.example', '+61 412 000 111')",
        )
        .run();
      old
        .prepare(
          "INSERT INTO ascora_jobs (id, integration_id, job_name, site_customer_id) VALUES (7, 1, 'Leak', 'c-3')",
        )
        .run();
      old.close();

      const opened = openDatabase({ file });
      try {
        const match = (table: string, q: string) =>
          (
            opened.sqlite.prepare(`SELECT rowid AS id FROM ${table} WHERE ${table} MATCH ?`).all(q) as { id: number }[]
          ).map((r) => r.id);
        expect(match('jobs_fts', '"0412000111"*')).toEqual([7]);
        expect(match('jobs_fts', '"silva"')).toEqual([7]);
        expect(match('customers_fts', '"0412000111"*')).toEqual([3]);
      } finally {
        opened.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
