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
import { insertIntegration, makeTempDir } from '../support/db';
import { createTestCore, type TestCore } from '../support/core';

let core: TestCore;
let integrationId: number;
const ids: Record<string, number> = {};

function addJob(key: string, fields: Record<string, string | null>) {
  const columns = Object.keys(fields);
  ids[key] = Number(
    core.sqlite
      .prepare(
        `INSERT INTO ascora_jobs (integration_id, ${columns.join(', ')}) VALUES (?, ${columns.map(() => '?').join(', ')})`,
      )
      .run(integrationId, ...Object.values(fields)).lastInsertRowid,
  );
}

beforeAll(() => {
  core = createTestCore();
  integrationId = insertIntegration(core.sqlite);
  addJob('kent', {
    job_number: 'J10273',
    job_name: 'Water damage – 14 Kent St, Parramatta',
    client_order_number: 'NRMA-CLM-4410021',
    purchase_order_number: 'PO55120',
    site_customer_name: 'Priya Raman',
    billing_customer_name: 'NRMA Insurance',
    address_line1: '14 Kent St',
    suburb: 'Parramatta',
    job_description: 'Extraction and structural drying.\nInsurer: NRMA Insurance',
  });
  addJob('highway', {
    job_number: 'J20001',
    job_name: 'Storm damage',
    address_line1: '3 Princes Highway',
    suburb: 'Kogarah',
    custom_fields_json: JSON.stringify([{ fieldName: 'Insurer', fieldValue: 'Suncorp' }]),
    site_customer_name: 'Tom Nguyen',
  });
  addJob('avenue', {
    job_number: 'J20002',
    job_name: 'Mould remediation',
    address_line1: '8 Beach Avenue',
    suburb: 'Cronulla',
    work_undertaken: 'Dehumidifiers placed in the rumpus room.',
  });
  addJob('kentStreet', { job_number: 'J30003', job_name: 'Fire damage', address_line1: '200 Kent Street' });
});
afterAll(() => core.close());

const jobs = () => createJobService(core);
const findJobs = (search: string) =>
  jobs()
    .list(contract['jobs.list'].input.parse({ integrationId, search }))
    .rows.map((r) => r.id)
    .sort((a, b) => a - b);
const only = (...keys: string[]) => keys.map((k) => ids[k] ?? 0).sort((a, b) => a - b);

describe('search finds what people type', () => {
  it('finds a job by its number with or without the J', () => {
    expect(findJobs('J10273')).toEqual(only('kent'));
    expect(findJobs('10273')).toEqual(only('kent'));
    expect(findJobs('1027')).toEqual(only('kent'));
  });

  it('finds a job by claim number, purchase order number and insurer', () => {
    expect(findJobs('NRMA-CLM-4410021')).toEqual(only('kent'));
    expect(findJobs('4410021')).toEqual(only('kent'));
    expect(findJobs('PO55120')).toEqual(only('kent'));
    expect(findJobs('nrma insurance')).toEqual(only('kent'));
    // An insurer held in Ascora's custom fields.
    expect(findJobs('suncorp')).toEqual(only('highway'));
  });

  it('finds a job by the customer name', () => {
    expect(findJobs('priya')).toEqual(only('kent'));
    expect(findJobs('nguyen tom')).toEqual(only('highway'));
  });

  it('matches street types written either way', () => {
    expect(findJobs('Kent Street')).toEqual(only('kent', 'kentStreet'));
    expect(findJobs('Kent St')).toEqual(only('kent', 'kentStreet'));
    expect(findJobs('princes hwy')).toEqual(only('highway'));
    expect(findJobs('beach ave')).toEqual(only('avenue'));
    expect(findJobs('Beach Avenue Cronulla')).toEqual(only('avenue'));
  });

  it("finds words in Ascora's text and in the office's notes, and follows a note's changes", () => {
    expect(findJobs('rumpus')).toEqual(only('avenue'));
    expect(findJobs('labrador')).toEqual([]);
    const note = jobs().addNote(ids.kent!, 'Labrador on site: call before arriving');
    expect(findJobs('labrador')).toEqual(only('kent'));
    core.sqlite.prepare("UPDATE job_notes SET text = 'Gate code 4471' WHERE id = ?").run(note.id);
    expect(findJobs('labrador')).toEqual([]);
    expect(findJobs('gate code')).toEqual(only('kent'));
    core.sqlite.prepare('DELETE FROM job_notes WHERE id = ?').run(note.id);
    expect(findJobs('gate')).toEqual([]);
  });

  it('follows a job changed by a sync', () => {
    core.sqlite.prepare("UPDATE ascora_jobs SET purchase_order_number = 'PO77001' WHERE id = ?").run(ids.highway);
    expect(findJobs('PO77001')).toEqual(only('highway'));
    expect(findJobs('suncorp')).toEqual(only('highway'));
  });

  it('returns no jobs for a lone emoji or punctuation, and says there was nothing to search for', () => {
    for (const typed of ['🙂', '--', '"()"', '…']) {
      const page = jobs().list(contract['jobs.list'].input.parse({ integrationId, search: typed }));
      expect(page.rows).toEqual([]);
      expect(page.total).toBe(0);
      expect(page.nothingSearchable).toBe(true);
    }
    const everything = jobs().list(contract['jobs.list'].input.parse({ integrationId, search: '' }));
    expect(everything.total).toBe(4);
    expect(everything.nothingSearchable).toBeUndefined();
  });

  it('finds customers by contact name, a phone typed without spaces and an abbreviated street', () => {
    const customer = Number(
      core.sqlite
        .prepare(
          "INSERT INTO ascora_customers (integration_id, customer_name, contact_first_name, contact_last_name, mobile_number, street_line1, street_suburb) VALUES (?, 'Harbour Body Corporate', 'Mei', 'Lindqvist', '0412 345 678', '5 Ocean Parade', 'Coogee')",
        )
        .run(integrationId).lastInsertRowid,
    );
    const findCustomers = (search: string) =>
      createCustomerService(core)
        .list(contract['customers.list'].input.parse({ integrationId, search }))
        .rows.map((r) => r.id);
    expect(findCustomers('lindqvist')).toEqual([customer]);
    expect(findCustomers('0412345678')).toEqual([customer]);
    expect(findCustomers('ocean pde')).toEqual([customer]);
    const nothing = createCustomerService(core).list(
      contract['customers.list'].input.parse({ integrationId, search: '🏠' }),
    );
    expect(nothing).toMatchObject({ rows: [], total: 0, nothingSearchable: true });
  });

  it('returns no invoices for a search with nothing searchable', () => {
    core.sqlite
      .prepare(
        "INSERT INTO ascora_invoices (integration_id, ascora_invoice_id, invoice_number) VALUES (?, 'inv-1', 'INV-1')",
      )
      .run(integrationId);
    const list = (search: string) =>
      createInvoiceService(core).list(contract['invoices.list'].input.parse({ integrationId, search }));
    expect(list('').total).toBe(1);
    expect(list('?!')).toMatchObject({ rows: [], total: 0, nothingSearchable: true });
  });
});

describe('the search index after an upgrade', () => {
  it('indexes the jobs and notes a database already had when migration 0006 runs', () => {
    const dir = makeTempDir();
    try {
      // A database as the release before this one left it: migrations up to 0005, with a job and a note.
      const before = path.join(dir, 'migrations-0005');
      fs.cpSync(defaultMigrationsFolder(), before, { recursive: true });
      const journalFile = path.join(before, 'meta', '_journal.json');
      const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
      journal.entries = journal.entries.filter((e) => e.tag < '0006');
      fs.writeFileSync(journalFile, JSON.stringify(journal));
      const file = path.join(dir, 'mirror.db');
      const old = new Database(file);
      migrate(drizzle(old), { migrationsFolder: before });
      old.prepare("INSERT INTO ascora_integrations (display_name, keychain_ref) VALUES ('Office', 'ascora:old')").run();
      old
        .prepare(
          "INSERT INTO ascora_jobs (id, integration_id, job_number, job_name, address_line1, purchase_order_number) VALUES (7, 1, 'J555', 'Leak', '9 Smith Rd', 'PO123')",
        )
        .run();
      old.prepare("INSERT INTO job_notes (job_id, text) VALUES (7, 'Asbestos suspected')").run();
      old.close();

      const opened = openDatabase({ file });
      try {
        const match = (q: string) =>
          opened.sqlite.prepare('SELECT rowid AS id FROM jobs_fts WHERE jobs_fts MATCH ?').all(q) as { id: number }[];
        expect(match('"555"*')).toEqual([{ id: 7 }]);
        expect(match('"asbestos"')).toEqual([{ id: 7 }]);
        expect(match('"PO123"')).toEqual([{ id: 7 }]);
      } finally {
        opened.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
