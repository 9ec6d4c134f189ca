/**
 * The recovery core (issue 22) over real encrypted SQLite files: a local copy with a damaged page,
 * and one whose key was deleted from the keychain, each bring recovery instead of a failed start;
 * what is readable of the unsent work is read row by row and exported; a backup is restored or the
 * app starts again, the damaged file moved into damaged/<time>/ and never deleted. The keychain is
 * the memory store: the one seam (the real keychain is tested in tests/secrets).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app';
import { openConnection, type DatabaseKey } from '../../main/core/db/connection';
import { databaseKeyRef } from '../../main/core/db/database-key';
import { silentLogger } from '../../main/core/log';
import { DATABASE_FILE } from '../../main/core/paths';
import { startCoreOrRecovery, type RecoverableCore } from '../../main/core/recovery/host';
import { keychainUnavailable } from '../../main/core/secrets/keytar-store';
import { createMemorySecretStore } from '../../main/core/secrets/memory-store';
import type { SecretStore } from '../../main/core/secrets/secret-store';
import { insertIntegration } from '../support/db';
import type {
  LocalOnlyExport,
  RecoveredWork,
  RecoveryBackup,
  RecoveryOutcome,
  RecoveryStatus,
} from '../../shared/domain';

const NOTES = 400;
const dirs: string[] = [];
const running: RecoverableCore[] = [];

afterEach(async () => {
  for (const core of running.splice(0)) await core.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A data folder whose encrypted mirror holds one connection, a job, many notes written here (so
 * they fill several pages), a status set here and a customer made offline (the outbox).
 */
async function seededFolder(secrets: SecretStore): Promise<{ dataDir: string; file: string; key: DatabaseKey }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ra-recovery-'));
  dirs.push(dataDir);
  const core: Core = await createCore({ dataDir, secrets, logger: silentLogger });
  const sqlite = core.ctx.sqlite;
  const integrationId = insertIntegration(sqlite, {
    displayName: 'Harbour Restorations',
    baseUrl: 'http://127.0.0.1:1',
  });
  const jobId = Number(
    sqlite
      .prepare(
        "INSERT INTO ascora_jobs (integration_id, job_number, job_name, local_status_text) VALUES (?, 'J100', 'Water damage – kitchen', 'Drying')",
      )
      .run(integrationId).lastInsertRowid,
  );
  const addNote = sqlite.prepare('INSERT INTO job_notes (job_id, text, author) VALUES (?, ?, ?)');
  for (let n = 1; n <= NOTES; n++) addNote.run(jobId, `Note ${n}: moisture reading ${'x'.repeat(150)}`, 'Sam');
  const customer = await core.registry.invoke('customers.create', {
    integrationId,
    fields: { companyName: 'Ada Lovelace Pty Ltd' },
  });
  expect(customer.ok, JSON.stringify(customer)).toBe(true);
  const key = core.ctx.databaseKey!()!;
  await core.close();
  return { dataDir, file: path.join(dataDir, DATABASE_FILE), key };
}

/** Overwrites one page of the file with garbage (AEGIS-256 then refuses to decrypt it). */
function damagePage(file: string, pageNumber: number): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, (pageNumber - 1) * 4096);
  } finally {
    fs.closeSync(fd);
  }
}

/** The leaf pages of a table, read through SQLite's own page map. */
function leafPages(file: string, key: DatabaseKey, table: string): number[] {
  const sqlite = openConnection(file, { key, readonly: true, fileMustExist: true });
  try {
    return sqlite
      .prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno")
      .pluck()
      .all(table) as number[];
  } finally {
    sqlite.close();
  }
}

async function start(dataDir: string, secrets: SecretStore): Promise<RecoverableCore> {
  const core = await startCoreOrRecovery({
    dataDir,
    secrets,
    logger: silentLogger,
    startCore: () => createCore({ dataDir, secrets, logger: silentLogger }),
  });
  running.push(core);
  return core;
}

async function ask<T>(core: RecoverableCore, channel: string, input: unknown = {}): Promise<T> {
  const result = await core.registry.invoke(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
}

describe('recovery', () => {
  it('a damaged page brings recovery; the rest of the unsent work is read, exported, and start again keeps the damaged file', async () => {
    const secrets = createMemorySecretStore();
    const { dataDir, file, key } = await seededFolder(secrets);
    const leaves = leafPages(file, key, 'job_notes');
    expect(leaves.length).toBeGreaterThan(4);
    damagePage(file, leaves[Math.floor(leaves.length / 2)]!);
    const damagedBytes = fs.readFileSync(file);

    const core = await start(dataDir, secrets);
    expect(core.inRecovery()).toBe(true);
    const status = await ask<RecoveryStatus>(core, 'recovery.status');
    expect(status).toMatchObject({ state: 'recovery', reason: 'damaged', canTryAgain: false, dataDir });
    expect(status.message).toMatch(/damaged/);
    // Only recovery is answered.
    const list = await core.registry.invoke('integration.list', {});
    expect(list.ok).toBe(false);

    const work = await ask<RecoveredWork>(core, 'recovery.recoveredWork');
    expect(work.readable).toBe(true);
    expect(work.unreadable).toBeGreaterThan(0);
    const [connection] = work.connections;
    expect(connection!.name).toBe('Harbour Restorations');
    expect(connection!.unsent).toMatchObject({
      count: 1,
      first: [{ what: 'New customer', name: 'Ada Lovelace Pty Ltd' }],
    });
    expect(connection!.localOnly.statusCount).toBe(1);
    // One page of notes lost, every other note read.
    expect(connection!.localOnly.noteCount).toBeLessThan(NOTES);
    expect(connection!.localOnly.noteCount).toBeGreaterThan(NOTES - 40);
    expect(connection!.localOnly.first[0]!.job).toBe('Job J100: Water damage – kitchen');

    const exported = await ask<LocalOnlyExport>(core, 'recovery.exportRecoveredWork');
    const csv = fs.readFileSync(path.join(exported.path, 'recovered-unsent-work.csv'), 'utf8');
    expect(csv).toContain('Ada Lovelace Pty Ltd');
    expect(csv).toContain(`Note ${NOTES}: moisture`);
    expect(csv).toContain('Drying');

    // Asked twice at once (a double click): carried out once, the second refused.
    const [first, second] = await Promise.all([
      core.registry.invoke('recovery.startAgain', {}),
      core.registry.invoke('recovery.startAgain', {}),
    ]);
    expect(second).toMatchObject({
      ok: false,
      error: { code: 'BUSY', message: expect.stringMatching(/already carrying out/) },
    });
    const outcome = (first as { value: RecoveryOutcome }).value;
    expect(outcome.state).toBe('normal');
    expect(core.inRecovery()).toBe(false);
    expect(fs.readdirSync(path.join(dataDir, 'damaged'))).toHaveLength(1);
    // Moved, whole, never deleted.
    expect(path.dirname(outcome.movedTo!)).toBe(path.join(dataDir, 'damaged'));
    expect(fs.readFileSync(path.join(outcome.movedTo!, DATABASE_FILE)).equals(damagedBytes)).toBe(true);
    // The app is open, with an empty mirror: the person connects again.
    expect(await ask<unknown[]>(core, 'integration.list')).toEqual([]);
    expect(await ask<RecoveryStatus>(core, 'recovery.status')).toMatchObject({ state: 'normal' });
  });

  it('restores a named backup that opens with the key, and the app opens with its data', async () => {
    const secrets = createMemorySecretStore();
    const { dataDir, file, key } = await seededFolder(secrets);
    // A copy as the app takes one before an update (db/open.ts): VACUUM INTO, under the same key.
    fs.mkdirSync(path.join(dataDir, 'backups'));
    const backupName = 'restoreassist-2026-12-01T09-30-00-000Z-before-0012_example.db';
    const live = openConnection(file, { key, fileMustExist: true });
    live.prepare('VACUUM INTO ?').run(path.join(dataDir, 'backups', backupName));
    live.close();
    // A copy under another key is not offered.
    fs.writeFileSync(
      path.join(dataDir, 'backups', 'restoreassist-2026-11-01T09-30-00-000Z-before-0011_x.db'),
      Buffer.alloc(8192, 7),
    );
    damagePage(file, leafPages(file, key, 'outbox')[0]!);

    const core = await start(dataDir, secrets);
    const backups = await ask<RecoveryBackup[]>(core, 'recovery.backups');
    expect(backups).toEqual([
      expect.objectContaining({
        name: backupName,
        takenAt: '2026-12-01T09:30:00.000Z',
        before: '0012_example',
        connections: [{ name: 'Harbour Restorations', jobs: 1 }],
      }),
    ]);
    const outcome = await ask<RecoveryOutcome>(core, 'recovery.restoreBackup', { name: backupName });
    expect(outcome.state).toBe('normal');
    expect(fs.existsSync(path.join(outcome.movedTo!, DATABASE_FILE))).toBe(true);
    const connections = await ask<{ displayName: string }[]>(core, 'integration.list');
    expect(connections.map((c) => c.displayName)).toEqual(['Harbour Restorations']);
    // The backup stays for another try.
    expect(fs.existsSync(path.join(dataDir, 'backups', backupName))).toBe(true);

    // A wipe of the connection takes the file set aside too: it cannot be cleaned of one connection.
    const [harbour] = await ask<{ id: number }[]>(core, 'integration.list');
    await ask(core, 'integration.disconnect', {
      integrationId: harbour!.id,
      wipeMirror: true,
      confirmName: 'Harbour Restorations',
    });
    expect(fs.existsSync(path.join(dataDir, 'damaged'))).toBe(false);
  });

  it('a key deleted from the keychain brings recovery; nothing is read or moved, and Try again opens once the key is back', async () => {
    const secrets = createMemorySecretStore();
    const { dataDir, file } = await seededFolder(secrets);
    const ref = databaseKeyRef(fs.realpathSync(file));
    const saved = await secrets.get(ref);
    await secrets.delete(ref);

    const core = await start(dataDir, secrets);
    const status = await ask<RecoveryStatus>(core, 'recovery.status');
    expect(status).toMatchObject({ reason: 'missing_key', canTryAgain: true });
    // What happened, without the advice the screen gives as its Try again and Start again.
    expect(status.message).toMatch(/^This computer's key for the local copy .* is missing/);
    expect(status.message).not.toMatch(/aside|restart|restore/i);
    const work = await ask<RecoveredWork>(core, 'recovery.recoveredWork');
    expect(work).toMatchObject({ readable: false, connections: [] });
    expect(work.note).toMatch(/key/);

    // Still missing: still in recovery (the screen says so with the same words), the file where it was.
    expect(await ask<RecoveryOutcome>(core, 'recovery.tryAgain')).toEqual({
      state: 'recovery',
      movedTo: null,
      message: status.message,
    });
    expect(core.inRecovery()).toBe(true);
    expect(fs.existsSync(file)).toBe(true);

    await secrets.set(ref, saved!);
    expect(await ask<RecoveryOutcome>(core, 'recovery.tryAgain')).toMatchObject({ state: 'normal' });
    const connections = await ask<{ displayName: string }[]>(core, 'integration.list');
    expect(connections.map((c) => c.displayName)).toEqual(['Harbour Restorations']);
  });

  it('damage met while the app runs marks the file, and the next start checks it whole and brings recovery', async () => {
    const secrets = createMemorySecretStore();
    const { dataDir, file, key } = await seededFolder(secrets);
    // Jobs enough for many pages: a page of Ascora's records is not among the tables checked at every start.
    const filler = openConnection(file, { key, fileMustExist: true });
    const addJob = filler.prepare('INSERT INTO ascora_jobs (integration_id, job_number, job_name) VALUES (1, ?, ?)');
    filler.transaction(() => {
      for (let n = 1; n <= 2000; n++) addJob.run(`F${n}`, `Flood clean-up ${n} ${'-'.repeat(100)}`);
      // A status set here on a job past the page that will be damaged: found beyond the damage.
      filler
        .prepare("UPDATE ascora_jobs SET local_status_text = 'Dehumidifier running' WHERE job_number = 'F2000'")
        .run();
    })();
    filler.close();
    const jobLeaves = leafPages(file, key, 'ascora_jobs');
    damagePage(file, jobLeaves[Math.floor(jobLeaves.length / 2)]!);

    const first = await start(dataDir, secrets);
    expect(first.inRecovery()).toBe(false);
    // Every page of the jobs, as a person scrolling through them would read them, until the damage is met
    // (a page of a search reads only the rows it shows: where the damage lies is not known here).
    let list = await first.registry.invoke('jobs.list', { integrationId: 1, limit: 500, search: 'Flood' });
    while (list.ok && (list.value as { nextCursor: string | null }).nextCursor) {
      const cursor = (list.value as { nextCursor: string }).nextCursor;
      list = await first.registry.invoke('jobs.list', { integrationId: 1, limit: 500, search: 'Flood', cursor });
    }
    expect(list).toMatchObject({ ok: false, error: { code: 'STORAGE' } });
    expect(list.ok || list.error.message).toMatch(/start it again/);
    await first.close();
    running.splice(running.indexOf(first), 1);

    const second = await start(dataDir, secrets);
    expect(second.inRecovery()).toBe(true);
    expect(await ask<RecoveryStatus>(second, 'recovery.status')).toMatchObject({ reason: 'damaged' });
    const work = await ask<RecoveredWork>(second, 'recovery.recoveredWork');
    expect(work.unreadable).toBe(1);
    expect(work.connections[0]!.localOnly).toMatchObject({ statusCount: 2, noteCount: NOTES });
    const outcome = await ask<RecoveryOutcome>(second, 'recovery.startAgain');
    // The mark goes with the file it is about.
    const moved = fs.readdirSync(outcome.movedTo!);
    expect(moved).toEqual(expect.arrayContaining([DATABASE_FILE, `${DATABASE_FILE}.check-at-start`]));
    // Its companions (the -wal and -shm a read-only look at it leaves) go with it; nothing else.
    expect(moved.filter((name) => !name.startsWith(DATABASE_FILE))).toEqual([]);
  });

  it('a wrong key and a locked keychain each bring recovery with Try again, and the file is not read', async () => {
    const secrets = createMemorySecretStore();
    const { dataDir, file } = await seededFolder(secrets);
    const ref = databaseKeyRef(fs.realpathSync(file));
    const saved = (await secrets.get(ref))!;
    await secrets.set(ref, 'ab'.repeat(32));
    // The error itself (the log's) says what to do; the screen says what happened, its choices what to do.
    await expect(createCore({ dataDir, secrets, logger: silentLogger })).rejects.toThrow(
      /Move the data folder aside and restart/,
    );
    const wrong = await start(dataDir, secrets);
    const wrongStatus = await ask<RecoveryStatus>(wrong, 'recovery.status');
    expect(wrongStatus).toMatchObject({ reason: 'wrong_key', canTryAgain: true });
    expect(wrongStatus.message).toMatch(/^The local copy .* could not be opened with this computer's key/);
    expect(wrongStatus.message).not.toMatch(/aside|restart/i);
    expect(await ask<RecoveredWork>(wrong, 'recovery.recoveredWork')).toMatchObject({ readable: false });
    await wrong.close();
    running.splice(running.indexOf(wrong), 1);

    await secrets.set(ref, saved);
    const locked: SecretStore = {
      get: () => Promise.reject(keychainUnavailable(new Error('test: the keychain is locked'))),
      set: () => Promise.reject(keychainUnavailable(new Error('test: the keychain is locked'))),
      delete: () => Promise.reject(keychainUnavailable(new Error('test: the keychain is locked'))),
    };
    await expect(createCore({ dataDir, secrets: locked, logger: silentLogger })).rejects.toThrow(
      /Unlock the keychain .* then start RestoreAssist Desk again/,
    );
    const core = await start(dataDir, locked);
    const lockedStatus = await ask<RecoveryStatus>(core, 'recovery.status');
    expect(lockedStatus).toMatchObject({ reason: 'keychain_locked', canTryAgain: true });
    // Not "start RestoreAssist Desk again", beside the screen's Start again from Ascora.
    expect(lockedStatus.message).toMatch(/^The local copy .* is encrypted with a key kept in the system keychain/);
    expect(lockedStatus.message).not.toMatch(/unlock|again/i);
    expect(await ask<RecoveredWork>(core, 'recovery.recoveredWork')).toMatchObject({ readable: false });
    expect(await ask<RecoveryBackup[]>(core, 'recovery.backups')).toEqual([]);
  });

  it('the real core answers that there is nothing to recover', async () => {
    const secrets = createMemorySecretStore();
    const { dataDir } = await seededFolder(secrets);
    const core = await start(dataDir, secrets);
    expect(core.inRecovery()).toBe(false);
    expect(await ask<RecoveryStatus>(core, 'recovery.status')).toMatchObject({ state: 'normal', reason: null });
    const refused = await core.registry.invoke('recovery.startAgain', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});
