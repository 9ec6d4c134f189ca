/**
 * Issue 22, "everything at rest is plain": the mirror, its WAL and its backups are encrypted with
 * a key kept in the real OS keychain (these run inside a D-Bus session with gnome-keyring unlocked,
 * as `.ci/run` sets up; without one they fail, never skip). Real SQLite files throughout.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { createCore, type Core } from '../../main/core/app';
import { databaseFileState, encryptingCopyOf, rekey, type ConversionStep } from '../../main/core/db/connection';
import { databaseKeyRef, NO_KEYCHAIN_NOTE } from '../../main/core/db/database-key';
import { defaultMigrationsFolder, openDatabase } from '../../main/core/db/open';
import { createLogger } from '../../main/core/log';
import { DATABASE_FILE } from '../../main/core/paths';
import { keychainUnavailable, createKeytarStore } from '../../main/core/secrets/keytar-store';
import type { SecretStore } from '../../main/core/secrets/secret-store';
import { insertFixture, makeTempDir, tableChecksum } from '../support/db';

const CUSTOMER = 'Zebulon Quartermaine';
const NOTE = 'Ceiling stain above the Steinway piano';
const keychain = createKeytarStore();
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

function dataFolder(): string {
  const dir = makeTempDir('ra-encrypt-');
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A mirror as a version before encryption left it: plain, only the first migration, rows everywhere. */
function plainOldMirror(dir: string): string {
  const file = path.join(dir, DATABASE_FILE);
  const firstOnly = path.join(makeTempDir('ra-first-migration-'), 'drizzle');
  fs.cpSync(defaultMigrationsFolder(), firstOnly, { recursive: true });
  const journalFile = path.join(firstOnly, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, 1);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  const old = new Database(file);
  old.pragma('journal_mode = WAL');
  migrate(drizzle(old), { migrationsFolder: firstOnly });
  old.pragma('foreign_keys = ON');
  const ids = insertFixture(old);
  old.prepare('UPDATE ascora_customers SET customer_name = ? WHERE id = ?').run(CUSTOMER, ids.customer);
  old.prepare('UPDATE job_notes SET text = ? WHERE id = ?').run(NOTE, ids.note);
  old.close();
  return file;
}

/** A mirror that is plain and fully migrated, with the known name and note (tables as now). */
function plainCurrentMirror(dir: string): { file: string; checksum: string } {
  const file = path.join(dir, DATABASE_FILE);
  const opened = openDatabase({ file, lockAs: false });
  const ids = insertFixture(opened.sqlite);
  opened.sqlite.prepare('UPDATE ascora_customers SET customer_name = ? WHERE id = ?').run(CUSTOMER, ids.customer);
  opened.sqlite.prepare('UPDATE job_notes SET text = ? WHERE id = ?').run(NOTE, ids.note);
  const checksum = tableChecksum(opened.sqlite);
  opened.close();
  return { file, checksum };
}

function filesOf(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Which of the files hold the text in the clear. */
function holding(files: string[], text: string): string[] {
  return files.filter((file) => fs.readFileSync(file).includes(Buffer.from(text, 'utf8')));
}

async function startCore(dir: string, options: { secrets?: SecretStore; lines?: string[] } = {}): Promise<Core> {
  const core = await createCore({
    dataDir: dir,
    secrets: options.secrets,
    logger: createLogger((line) => options.lines?.push(line), 'debug'),
  });
  cleanups.push(() => core.close());
  return core;
}

async function keyOf(file: string): Promise<Buffer> {
  const hex = await keychain.get(databaseKeyRef(fs.realpathSync(file)));
  expect(hex).toMatch(/^[0-9a-f]{64}$/);
  return Buffer.from(hex!, 'hex');
}

describe('the local copy encrypted at rest', () => {
  it('converts a plain mirror from before at the first start: rows intact, no name or note left in the file, WAL or backups', async () => {
    const dir = dataFolder();
    const file = plainOldMirror(dir);
    // A copy an older version took before a migration: plain too.
    const backups = path.join(dir, 'backups');
    fs.mkdirSync(backups);
    fs.copyFileSync(file, path.join(backups, 'restoreassist-2026-01-01T00-00-00-000Z-before-0001_old.db'));
    const plain = new Database(file, { readonly: true });
    const countsBefore = plain.prepare('SELECT COUNT(*) AS n FROM ascora_customers').get();
    plain.close();
    expect(holding(filesOf(dir), CUSTOMER).length).toBeGreaterThan(0);

    const lines: string[] = [];
    const core = await startCore(dir, { lines });
    expect(databaseFileState(file)).toBe('encrypted');
    const customers = core.ctx.sqlite.prepare('SELECT customer_name AS name FROM ascora_customers').all();
    expect(customers).toEqual([{ name: CUSTOMER }]);
    expect(core.ctx.sqlite.prepare('SELECT COUNT(*) AS n FROM ascora_customers').get()).toEqual(countsBefore);
    expect(core.ctx.sqlite.prepare('SELECT text FROM job_notes').all()).toEqual([{ text: NOTE }]);
    // Written since: in the WAL, which is encrypted too.
    core.ctx.sqlite.prepare('UPDATE job_notes SET text = ?').run(`${NOTE}, second visit`);
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    const settings = await core.registry.invoke('settings.localCopy', {});
    expect(settings).toEqual({ ok: true, value: { encrypted: true, note: null } });

    const copies = fs.readdirSync(backups).map((name) => path.join(backups, name));
    // The old copy, and the one taken before this start's migrations.
    expect(copies).toHaveLength(2);
    for (const copy of copies) expect(databaseFileState(copy)).toBe('encrypted');
    const everything = filesOf(dir);
    expect(everything).toEqual(expect.arrayContaining([file, `${file}-wal`, ...copies]));
    expect(holding(everything, CUSTOMER)).toEqual([]);
    expect(holding(everything, NOTE)).toEqual([]);
    expect(holding(everything, 'Called the insurer')).toEqual([]);

    // The backups open with the key and hold the rows.
    const key = await keyOf(file);
    for (const copy of copies) {
      const opened = openDatabase({ file: copy, key, lockAs: false, migrationsFolder: defaultMigrationsFolder() });
      expect(opened.sqlite.prepare('SELECT customer_name AS name FROM ascora_customers').all()).toEqual([
        { name: CUSTOMER },
      ]);
      opened.close();
    }
    // The key never reaches the log.
    expect(lines.join('\n')).toContain('local copy encrypted');
    expect(lines.join('\n')).not.toContain(key.toString('hex'));
  });

  it('a new data folder is encrypted from its first byte, and opens again at the next start', async () => {
    const dir = dataFolder();
    const first = await startCore(dir);
    first.ctx.sqlite
      .prepare(
        "INSERT INTO ascora_integrations (display_name, base_url, keychain_ref) VALUES (?, 'https://x', 'ascora:t')",
      )
      .run(CUSTOMER);
    await first.close();
    cleanups.pop();
    const file = path.join(dir, DATABASE_FILE);
    expect(databaseFileState(file)).toBe('encrypted');
    expect(holding(filesOf(dir), CUSTOMER)).toEqual([]);
    const again = await startCore(dir);
    expect(again.ctx.sqlite.prepare('SELECT display_name AS name FROM ascora_integrations').all()).toEqual([
      { name: CUSTOMER },
    ]);
  });

  it('refuses to open without the key, saying the key is missing, and changes nothing', async () => {
    const dir = dataFolder();
    const file = plainCurrentMirror(dir).file;
    const core = await startCore(dir);
    await core.close();
    cleanups.pop();
    await keychain.delete(databaseKeyRef(fs.realpathSync(file)));
    const bytes = fs.readFileSync(file);

    const failed = await createCore({ dataDir: dir, logger: createLogger(() => {}) }).then(
      (c) => {
        cleanups.push(() => c.close());
        return null;
      },
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(AppError);
    expect((failed as AppError).message).toMatch(/this computer's key for the local copy .* is missing/i);
    expect((failed as AppError).message).toMatch(/Nothing has been changed/);
    // Where no recovery screen offers the choices (the log, a start without one), the message says what to do.
    expect((failed as AppError).message).toMatch(/move the data folder aside and restart/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    // Not replaced by a new key either: the file is still what it was, and a key made now would not open it.
    expect(await keychain.get(databaseKeyRef(fs.realpathSync(file)))).toBeNull();
  });

  it('says another key cannot open it (a wrong key is never mistaken for damage or an empty mirror)', async () => {
    const dir = dataFolder();
    const { file } = plainCurrentMirror(dir);
    const core = await startCore(dir);
    await core.close();
    cleanups.pop();
    let thrown: unknown;
    try {
      openDatabase({ file, key: Buffer.alloc(32, 7), lockAs: false });
    } catch (error) {
      thrown = error;
    }
    expect((thrown as AppError).code).toBe('STORAGE');
    expect((thrown as AppError).message).toMatch(/could not be opened with this computer's key/);
    // Where no recovery screen offers the choices (the log, a start without one), the message says what to do.
    expect((thrown as AppError).message).toMatch(/move the data folder aside and restart/i);
    // Without any key: not opened, and not taken for a plain file.
    expect(() => new Database(file).prepare('SELECT * FROM sqlite_master').all()).toThrow(/not a database/);
  });

  it('without a keychain a new mirror stays plain and Settings says so; an encrypted one is not opened', async () => {
    const noKeychain: SecretStore = {
      get: () => Promise.reject(keychainUnavailable(new Error('no Secret Service'))),
      set: () => Promise.reject(keychainUnavailable(new Error('no Secret Service'))),
      delete: () => Promise.reject(keychainUnavailable(new Error('no Secret Service'))),
    };
    const dir = dataFolder();
    const lines: string[] = [];
    const core = await startCore(dir, { secrets: noKeychain, lines });
    expect(databaseFileState(path.join(dir, DATABASE_FILE))).toBe('plain');
    expect(await core.registry.invoke('settings.localCopy', {})).toEqual({
      ok: true,
      value: { encrypted: false, note: NO_KEYCHAIN_NOTE },
    });
    expect(lines.join('\n')).toContain('local copy not encrypted: the system keychain is not available');
    await core.close();
    cleanups.pop();

    const encrypted = dataFolder();
    await (await startCore(encrypted)).close();
    cleanups.pop();
    const refused = await createCore({ dataDir: encrypted, secrets: noKeychain, logger: createLogger(() => {}) }).catch(
      (error: unknown) => error,
    );
    expect((refused as AppError).code).toBe('KEYCHAIN_UNAVAILABLE');
    expect((refused as AppError).message).toMatch(
      /encrypted with a key kept in the system keychain.*Unlock the keychain .* then start RestoreAssist Desk again/,
    );
    expect(databaseFileState(path.join(encrypted, DATABASE_FILE))).toBe('encrypted');
  });
});

describe('a database that stops matching its key while the app runs', () => {
  it('answers a clear STORAGE error, not "Something went wrong"', async () => {
    const dir = dataFolder();
    const core = await startCore(dir);
    expect((await core.registry.invoke('settings.get', {})).ok).toBe(true);
    // The file overwritten under the running app (as another program or a restore could); no
    // cached pages, so the next read meets it.
    core.ctx.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    core.ctx.sqlite.pragma('cache_size = 0');
    const file = path.join(dir, DATABASE_FILE);
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(size, 0x5a), 0, size, 0);
    fs.closeSync(fd);

    const answer = await core.registry.invoke('settings.get', {});
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('STORAGE');
    expect(answer.error.message).toMatch(/no longer matches this computer's key/);
  });
});

describe('converting a plain mirror, killed with SIGKILL at each step', () => {
  const CHILD = path.resolve('tests/db/fixtures/encrypt-child.ts');
  const STEPS: ConversionStep[] = ['checkpointed', 'copied', 'encrypted', 'verified', 'replaced'];

  /** Runs the child until it reports `step`, then kills it. */
  function killAt(file: string, key: Buffer, step: ConversionStep): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, step], {
        env: { ...process.env, RA_TEST_DATABASE_KEY: key.toString('hex') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes(`AT ${step}`)) child.kill('SIGKILL');
      });
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', (_code, signal) =>
        signal === 'SIGKILL' ? resolve() : reject(new Error(`the child did not reach ${step}: ${out}${err}`)),
      );
    });
  }

  it.each(STEPS)('killed at "%s": the plain file or the encrypted one opens with every row', async (step) => {
    const dir = dataFolder();
    const { file, checksum } = plainCurrentMirror(dir);
    const key = Buffer.alloc(32);
    key.write('a key made for this test only', 'utf8');
    await killAt(file, key, step);

    // Whatever the kill left, the file is whole: still plain before the rename, encrypted after it.
    expect(databaseFileState(file)).toBe(step === 'replaced' ? 'encrypted' : 'plain');
    if (step !== 'replaced') {
      const plain = openDatabase({ file, lockAs: false });
      expect(tableChecksum(plain.sqlite)).toBe(checksum);
      plain.close();
    }
    // The next start finishes the job and removes what the killed one left.
    const opened = openDatabase({ file, key, lockAs: false });
    expect(tableChecksum(opened.sqlite)).toBe(checksum);
    opened.close();
    expect(databaseFileState(file)).toBe('encrypted');
    expect(fs.existsSync(encryptingCopyOf(file))).toBe(false);
    expect(holding(filesOf(dir), CUSTOMER)).toEqual([]);
  });
});

describe('wiping the last connection', () => {
  it('deletes the backups and the key: the file is re-encrypted under a new one, and the old key opens nothing', async () => {
    const dir = dataFolder();
    const file = plainOldMirror(dir);
    const core = await startCore(dir);
    const oldKey = await keyOf(file);
    const backups = path.join(dir, 'backups');
    expect(fs.readdirSync(backups)).toHaveLength(1);
    const integrationId = (
      core.ctx.sqlite.prepare('SELECT id, display_name AS name FROM ascora_integrations').get() as { id: number }
    ).id;
    // Attachments are sealed under a key derived from this one: they go with their jobs, and a
    // copy no row names (left by anything) goes with the folder.
    const jobId = core.ctx.sqlite.prepare('SELECT id FROM ascora_jobs').pluck().get() as number;
    const added = await core.registry.invoke('jobs.addAttachment', {
      jobId,
      fileName: 'readings.txt',
      contentBase64: Buffer.from(`${CUSTOMER}: 18%`).toString('base64'),
    });
    expect(added.ok).toBe(true);
    const attachments = path.join(dir, 'attachments');
    fs.mkdirSync(path.join(attachments, '999'));
    fs.writeFileSync(path.join(attachments, '999', 'orphan.txt'), 'no row names it');

    const wiped = await core.registry.invoke('integration.disconnect', {
      integrationId,
      wipeMirror: true,
      confirmName: 'Office',
    });
    expect(wiped).toEqual({ ok: true, value: { wiped: true } });
    expect(fs.existsSync(backups)).toBe(false);
    expect(fs.existsSync(attachments)).toBe(false);
    const newKey = await keyOf(file);
    expect(newKey.equals(oldKey)).toBe(false);
    expect(await keychain.get(`${databaseKeyRef(fs.realpathSync(file))}:next`)).toBeNull();
    await core.close();
    cleanups.pop();

    expect(() => openDatabase({ file, key: oldKey, lockAs: false })).toThrow(
      /could not be opened with this computer's key/,
    );
    const again = await startCore(dir);
    expect(again.ctx.sqlite.prepare('SELECT COUNT(*) AS n FROM ascora_integrations').get()).toEqual({ n: 0 });
    expect(holding(filesOf(dir), CUSTOMER)).toEqual([]);
  });

  it('a renewal cut off after the file was re-encrypted finishes at the next start with the new key', async () => {
    const dir = dataFolder();
    const file = plainCurrentMirror(dir).file;
    await (await startCore(dir)).close();
    cleanups.pop();
    const ref = databaseKeyRef(fs.realpathSync(file));
    const oldKey = await keyOf(file);
    // As renewDatabaseKey leaves it when killed between the rekey and storing the new key.
    const newKey = Buffer.alloc(32, 9);
    await keychain.set(`${ref}:next`, newKey.toString('hex'));
    const opened = openDatabase({ file, key: oldKey, lockAs: false });
    rekey(opened.sqlite, newKey);
    opened.close();

    const core = await startCore(dir);
    expect(core.ctx.sqlite.prepare('SELECT customer_name AS name FROM ascora_customers').all()).toEqual([
      { name: CUSTOMER },
    ]);
    expect((await keyOf(file)).equals(newKey)).toBe(true);
    expect(await keychain.get(`${ref}:next`)).toBeNull();
  });
});
