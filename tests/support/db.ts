/** Real SQLite files in fresh temp folders, migrated exactly as the app does it. */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type OpenedDatabase } from '../../main/core/db/open';
import type { Sqlite } from '../../main/core/db/types';

export interface TestDatabase extends OpenedDatabase {
  dir: string;
  /** Closes the connection and gives up the data folder's lock, keeping the files (a quit). */
  closeConnection(): void;
}

export function makeTempDir(prefix = 'ra-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function createTestDatabase(): TestDatabase {
  const dir = makeTempDir();
  const opened = openDatabase({ file: path.join(dir, 'restoreassist.db') });
  return {
    ...opened,
    dir,
    closeConnection: () => opened.close(),
    close() {
      opened.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A hash of every row of every table: equal before and after means nothing changed. */
export function tableChecksum(sqlite: Sqlite): string {
  const hash = createHash('sha256');
  const tables = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' ORDER BY name",
    )
    .all() as { name: string }[];
  for (const { name } of tables) {
    hash.update(`table ${name}\n`);
    for (const row of sqlite.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).iterate())
      hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

export function rowCounts(sqlite: Sqlite): Record<string, number> {
  const tables = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' ORDER BY name",
    )
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [name, (sqlite.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n]),
  );
}

/**
 * A connection to an Ascora account, as the mirror keeps it (no key: the key lives in the keychain).
 * Its keychain reference is new each time, so a test can add a second connection. Returns its id.
 */
export function insertIntegration(
  sqlite: Sqlite,
  { displayName = 'Office', baseUrl = 'https://api.ascora.com.au' }: { displayName?: string; baseUrl?: string } = {},
): number {
  return Number(
    sqlite
      .prepare('INSERT INTO ascora_integrations (display_name, base_url, keychain_ref) VALUES (?, ?, ?)')
      .run(displayName, baseUrl, `ascora:${randomUUID()}`).lastInsertRowid,
  );
}

/** One row in every table of the mirror, linked as the app links them. Returns the ids. */
export function insertFixture(sqlite: Sqlite): Record<string, number> {
  const run = (sql: string, ...params: unknown[]) => Number(sqlite.prepare(sql).run(...params).lastInsertRowid);
  const integration = insertIntegration(sqlite);
  run(
    "INSERT INTO reports (report_id, client_name, property_address, damage_type, severity, total_cost_cents, data_json) VALUES ('3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11', 'Priya Raman', '14 Harris Street, Parramatta NSW 2150', 'water', 'Moderate', 305700, '{}')",
  );
  const customer = run(
    "INSERT INTO ascora_customers (integration_id, ascora_customer_id, customer_name, contact_first_name, contact_last_name, email_address, street_suburb) VALUES (?, '9b1e0000-0000-0000-0000-000000000001', 'Jane Citizen', 'Jane', 'Citizen', 'jane@example.com.au', 'Parramatta')",
    integration,
  );
  const job = run(
    "INSERT INTO ascora_jobs (integration_id, ascora_job_id, job_number, job_name, job_status, job_status_text, suburb, site_customer_local_id, report_id, date_created) VALUES (?, '3f0c9a52-0000-0000-0000-000000000001', 'J1042', 'Water damage – 14 Kent St, Parramatta', 0, 'New', 'Parramatta', ?, '3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11', '2025-10-21T01:15:00.000Z')",
    integration,
    customer,
  );
  const invoice = run(
    "INSERT INTO ascora_invoices (integration_id, ascora_invoice_id, invoice_number, invoice_date, ascora_job_id, total_ex_tax_cents) VALUES (?, 'c41d0000-0000-0000-0000-000000000001', 'INV-1042', '2025-10-20T00:00:00', '3f0c9a52-0000-0000-0000-000000000001', 44000)",
    integration,
  );
  const payment = run(
    "INSERT INTO payments (integration_id, invoice_id, amount_cents, payment_date, payment_method, receipt_number) VALUES (?, ?, 10000, '2025-10-21', 'EFT', 'RA-PAY-1')",
    integration,
    invoice,
  );
  const note = run("INSERT INTO job_notes (job_id, text) VALUES (?, 'Called the insurer')", job);
  const attachment = run(
    "INSERT INTO job_attachments (job_id, file_name, mime_type, size_bytes, sha256, stored_name) VALUES (?, 'moisture.pdf', 'application/pdf', 1234, 'abc', '1/x.pdf')",
    job,
  );
  const outboxItem = run(
    "INSERT INTO outbox (integration_id, kind, record_id, marker) VALUES (?, 'create_payment', ?, 'RA-PAY-1')",
    integration,
    payment,
  );
  const conflict = run(
    "INSERT INTO conflicts (integration_id, entity, record_id, fields_json, theirs_json) VALUES (?, 'customer', ?, '[]', '{}')",
    integration,
    customer,
  );
  const log = run(
    "INSERT INTO ascora_sync_logs (integration_id, kind, status) VALUES (?, 'run', 'success')",
    integration,
  );
  const schedule = run('INSERT INTO ascora_sync_schedules (integration_id) VALUES (?)', integration);
  run("INSERT INTO sync_checkpoints (integration_id, entity) VALUES (?, 'jobs')", integration);
  run("INSERT INTO app_settings (key, value_json) VALUES ('closeToTray', 'true')");
  return { integration, customer, job, invoice, payment, note, attachment, outboxItem, conflict, log, schedule };
}
