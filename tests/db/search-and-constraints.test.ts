import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toFtsQuery } from '../../main/core/db/fts';
import { createTestDatabase, insertIntegration, type TestDatabase } from '../support/db';

let t: TestDatabase;
let integration: number;
beforeAll(() => {
  t = createTestDatabase();
  integration = insertIntegration(t.sqlite);
});
afterAll(() => t.close());

const searchJobs = (text: string) =>
  (
    t.sqlite
      .prepare('SELECT rowid AS id FROM jobs_fts WHERE jobs_fts MATCH ? ORDER BY rowid')
      .all(toFtsQuery(text)) as { id: number }[]
  ).map((r) => r.id);
const addJob = (fields: { jobName: string; suburb: string; jobNumber?: string }) =>
  Number(
    t.sqlite
      .prepare('INSERT INTO ascora_jobs (integration_id, job_name, suburb, job_number) VALUES (?, ?, ?, ?)')
      .run(integration, fields.jobName, fields.suburb, fields.jobNumber ?? null).lastInsertRowid,
  );

describe('full-text search over the mirror', () => {
  it('finds a job by a prefix of its suburb as the user types, and follows updates and deletes', () => {
    const id = addJob({ jobName: 'Water damage – 14 Kent St, Parramatta', suburb: 'Parramatta', jobNumber: 'J1042' });
    expect(searchJobs('parra')).toContain(id);
    expect(searchJobs('J1042')).toContain(id);

    t.sqlite.prepare("UPDATE ascora_jobs SET suburb = 'Penrith', job_name = 'Storm damage' WHERE id = ?").run(id);
    expect(searchJobs('parra')).not.toContain(id);
    expect(searchJobs('penr')).toContain(id);

    t.sqlite.prepare('DELETE FROM ascora_jobs WHERE id = ?').run(id);
    expect(searchJobs('penr')).not.toContain(id);
  });

  it('finds a customer by email prefix', () => {
    const id = Number(
      t.sqlite
        .prepare(
          "INSERT INTO ascora_customers (integration_id, customer_name, email_address) VALUES (?, 'Priya Raman', 'priya.raman@example.com.au')",
        )
        .run(integration).lastInsertRowid,
    );
    const hits = t.sqlite
      .prepare('SELECT rowid AS id FROM customers_fts WHERE customers_fts MATCH ?')
      .all(toFtsQuery('priya.ram')) as { id: number }[];
    expect(hits.map((h) => h.id)).toContain(id);
  });

  it('turns blank input into no query', () => {
    expect(toFtsQuery('   ')).toBeNull();
    expect(toFtsQuery('-- "" ()')).toBeNull();
  });

  it('never builds an expression SQLite rejects, whatever is typed', () => {
    const statement = t.sqlite.prepare('SELECT COUNT(*) FROM jobs_fts WHERE jobs_fts MATCH ?');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (typed) => {
        const query = toFtsQuery(typed);
        if (query !== null) statement.get(query);
      }),
      { numRuns: 500 },
    );
  });
});

describe('constraints of the mirror', () => {
  it('allows two connections to the same Ascora address (the summary could connect only one)', () => {
    const insert = t.sqlite.prepare(
      "INSERT INTO ascora_integrations (display_name, base_url, keychain_ref) VALUES ('Branch', 'https://api.ascora.com.au', ?)",
    );
    insert.run('ascora:branch-1');
    expect(() => insert.run('ascora:branch-2')).not.toThrow();
  });

  it('keeps one schedule per integration', () => {
    const insert = t.sqlite.prepare('INSERT INTO ascora_sync_schedules (integration_id) VALUES (?)');
    insert.run(integration);
    expect(() => insert.run(integration)).toThrow(/UNIQUE/);
  });

  it('keeps one mirrored row per Ascora id within an integration, and any number of local-only rows', () => {
    const insert = t.sqlite.prepare(
      "INSERT INTO ascora_jobs (integration_id, ascora_job_id, job_name) VALUES (?, ?, 'x')",
    );
    insert.run(integration, 'guid-1');
    expect(() => insert.run(integration, 'guid-1')).toThrow(/UNIQUE/);
    insert.run(integration, null);
    expect(() => insert.run(integration, null)).not.toThrow();
  });

  it('has no column that could hold an API key', () => {
    const columns = (
      t.sqlite.prepare("SELECT name FROM pragma_table_info('ascora_integrations')").all() as { name: string }[]
    ).map((c) => c.name);
    expect(columns.filter((c) => /key|secret|token|password/i.test(c) && c !== 'keychain_ref')).toEqual([]);
  });
});
