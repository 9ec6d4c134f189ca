import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkIntegrity,
  defaultMigrationsFolder,
  openDatabase,
  readJournal,
  WAL_CHECKPOINT_PAGES,
  WRITER_CACHE_KB,
} from '../../main/core/db/open';
import { AppError } from '../../shared/errors';
import { insertFixture, makeTempDir, rowCounts } from '../support/db';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
function tempDir(): string {
  const dir = makeTempDir();
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const MIRROR_TABLES = [
  'ascora_integrations',
  'ascora_jobs',
  'ascora_customers',
  'ascora_invoices',
  'ascora_sync_logs',
  'ascora_sync_schedules',
  'reports',
  'outbox',
];

describe('opening the mirror', () => {
  it('migrates a fresh database with every table, FTS index and PRAGMA in effect', () => {
    const opened = openDatabase({ file: path.join(tempDir(), 'fresh.db') });
    cleanups.push(() => opened.close());
    const names = (
      opened.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    ).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining([...MIRROR_TABLES, 'jobs_fts', 'customers_fts']));
    expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(opened.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(opened.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_CHECKPOINT_PAGES);
    expect(opened.sqlite.pragma('cache_size', { simple: true })).toBe(-WRITER_CACHE_KB);
    expect(opened.backupFile).toBeNull();
    expect(checkIntegrity(opened.sqlite)).toEqual({ ok: true, problems: [] });
  });

  it('migrates a populated database without losing a row, after taking a copy', () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.db');
    // A database as the first release left it: only the first migration applied, rows everywhere.
    const firstOnly = path.join(dir, 'first-migration');
    fs.cpSync(defaultMigrationsFolder(), firstOnly, { recursive: true });
    const journalFile = path.join(firstOnly, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8'));
    journal.entries = journal.entries.slice(0, 1);
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    const old = new Database(file);
    migrate(drizzle(old), { migrationsFolder: firstOnly });
    old.pragma('foreign_keys = ON');
    insertFixture(old);
    const { __drizzle_migrations: _applied, ...before } = rowCounts(old);
    old.close();

    const opened = openDatabase({ file });
    cleanups.push(() => opened.close());

    const { __drizzle_migrations: _after, ...after } = rowCounts(opened.sqlite);
    expect(after).toEqual(before);
    expect(Object.values(before).every((n) => n >= 1)).toBe(true);
    expect(opened.backupFile).not.toBeNull();
    const copy = new Database(opened.backupFile!, { readonly: true });
    expect(rowCounts(copy)).toMatchObject(before);
    copy.close();
    // The search index covers rows that existed before it was created.
    const hit = opened.sqlite.prepare('SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH \'"Parramatta"*\'').all();
    expect(hit).toHaveLength(1);
  });

  it('opens an up-to-date database without taking another copy', () => {
    const file = path.join(tempDir(), 'twice.db');
    openDatabase({ file }).close();
    const again = openDatabase({ file });
    cleanups.push(() => again.close());
    expect(again.backupFile).toBeNull();
  });

  it('refuses a file that is not a database with a STORAGE error and leaves it unchanged', () => {
    const file = path.join(tempDir(), 'not-a-db.db');
    fs.writeFileSync(file, 'this is a spreadsheet, not a database'.repeat(200));
    const bytes = fs.readFileSync(file);
    let thrown: unknown;
    try {
      openDatabase({ file });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('STORAGE');
    expect((thrown as AppError).message).toMatch(/Nothing was overwritten|has not been changed/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});

describe('the migrations in drizzle/', () => {
  const folder = defaultMigrationsFolder();

  it('have journal times that strictly increase and unique tags (the migrator skips older ones)', () => {
    const entries = readJournal(folder);
    expect(entries.length).toBeGreaterThan(0);
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.when).toBeGreaterThan(entries[i - 1]!.when);
    expect(new Set(entries.map((e) => e.tag)).size).toBe(entries.length);
  });

  it('never rebuild a table, which could cascade-delete child rows', () => {
    for (const entry of readJournal(folder)) {
      const sql = fs.readFileSync(path.join(folder, `${entry.tag}.sql`), 'utf8');
      expect(sql, `${entry.tag} rebuilds a table: prove in a test that child rows survive`).not.toMatch(/__new_/);
    }
  });

  it('agree with the schema: a fresh drizzle-kit generate adds nothing', () => {
    const dir = tempDir();
    const copy = path.join(dir, 'drizzle');
    fs.cpSync(folder, copy, { recursive: true });
    const config = path.join(dir, 'drizzle.config.json');
    fs.writeFileSync(
      config,
      // drizzle-kit reads `out` relative to the working folder.
      JSON.stringify({
        dialect: 'sqlite',
        schema: './main/core/db/schema.ts',
        out: path.relative(process.cwd(), copy),
      }),
    );
    const result = spawnSync('npx', ['drizzle-kit', 'generate', '--config', config], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(fs.readdirSync(copy).sort()).toEqual(fs.readdirSync(folder).sort());
    expect(result.stdout + result.stderr).toMatch(/No schema changes/);
  });
});
