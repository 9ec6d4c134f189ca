/**
 * Issue 15, item 4: private files. The composed core over a real data folder, real SQLite files
 * (database, WAL, backups), real attachments, the real log file, and the simulator on 127.0.0.1.
 * - Every folder of the data folder is 0700 and every file 0600 after a start (on a folder an
 *   older version left readable by all), a sync and an attachment.
 * - "Disconnect and wipe" deletes the connection's attachment files and leaves no deleted text in
 *   the database file or the WAL; another connection's data stays.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../main/core/app';
import { openDatabase } from '../main/core/db/open';
import { attachmentsDir } from '../main/core/services/attachments';
import { createMemorySecretStore } from '../main/core/secrets/memory-store';
import type { SecretStore } from '../main/core/secrets/secret-store';
import { databaseFileState, openConnection } from '../main/core/db/connection';
import { DATABASE_FILE, DEMO_STATE_FILE } from '../main/core/paths';
import type { Result } from '../shared/result';
import { startSimulator, type RunningSimulator } from '../sim/server';
import { keychainForPlainMirror } from './support/core';
import { makeTempDir } from './support/db';

const posix = process.platform !== 'win32';
const MIGRATIONS = path.resolve('drizzle');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulator(apiKey: string, seed: number): Promise<RunningSimulator> {
  const sim = await startSimulator({ port: 0, seed, jobs: 20, customers: 6, invoices: 4, apiKey });
  cleanups.push(() => sim.close());
  return sim;
}

async function start(dataDir: string, secrets: SecretStore = createMemorySecretStore()): Promise<Core> {
  // The default logger: the log file in the data folder, as both hosts write it.
  const core = await createCore({ dataDir, secrets });
  cleanups.push(() => core.close());
  return core;
}

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function connectAndSync(core: Core, sim: RunningSimulator, apiKey: string): Promise<number> {
  const { id } = value<{ id: number }>(
    await core.registry.invoke('integration.connect', { apiKey, baseUrl: sim.url, displayName: `Office ${sim.port}` }),
  );
  expect(value<{ status: string }>(await core.registry.invoke('sync.now', { integrationId: id }))).toMatchObject({
    status: 'success',
  });
  return id;
}

async function attach(core: Core, integrationId: number, text: string): Promise<number> {
  const jobs = value<{ rows: { id: number }[] }>(await core.registry.invoke('jobs.list', { integrationId, limit: 1 }));
  const jobId = jobs.rows[0]!.id;
  value(
    await core.registry.invoke('jobs.addAttachment', {
      jobId,
      fileName: 'moisture.txt',
      mimeType: 'text/plain',
      contentBase64: Buffer.from(text).toString('base64'),
    }),
  );
  return jobId;
}

/** Every folder and file under the data folder, the folder itself included, with its mode. */
function modes(dataDir: string): Record<string, string> {
  const out: Record<string, string> = { '.': (fs.statSync(dataDir).mode & 0o777).toString(8) };
  for (const entry of fs.readdirSync(dataDir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dataDir, file)] = (fs.lstatSync(file).mode & 0o777).toString(8);
  }
  return out;
}

describe.skipIf(!posix)('the data folder is private', () => {
  it('is 0700 with every file 0600 after a start on an old, readable folder, a sync and an attachment', async () => {
    const dataDir = path.join(makeTempDir('ra-private-'), 'RestoreAssist Desk');
    cleanups.push(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));
    // A data folder as an older version left it: readable by all, its database one migration
    // behind (so this start takes a backup copy), a log and an attachment readable by all.
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    const oldMigrations = path.join(path.dirname(dataDir), 'old-drizzle');
    fs.cpSync(MIGRATIONS, oldMigrations, { recursive: true });
    const journalFile = path.join(oldMigrations, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
    fs.writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, -1) }));
    openDatabase({ file: path.join(dataDir, DATABASE_FILE), migrationsFolder: oldMigrations }).close();
    fs.mkdirSync(path.join(dataDir, 'logs'), { mode: 0o755 });
    fs.writeFileSync(path.join(dataDir, 'logs', 'restoreassist.log.1'), '{"message":"older"}\n', { mode: 0o644 });
    for (const name of [DATABASE_FILE, 'logs']) fs.chmodSync(path.join(dataDir, name), name === 'logs' ? 0o755 : 0o644);

    const sim = await simulator('RA-PRIVATE-KEY-1f2e3d4c5b6a', 21);
    const core = await start(dataDir);
    const integrationId = await connectAndSync(core, sim, 'RA-PRIVATE-KEY-1f2e3d4c5b6a');
    await attach(core, integrationId, '12% at the skirting');

    const found = modes(dataDir);
    // What this session made: the WAL, a backup, an attachment, the log; otherwise the test proves nothing.
    expect(Object.keys(found)).toEqual(
      expect.arrayContaining([
        `${DATABASE_FILE}-wal`,
        `${DATABASE_FILE}-shm`,
        'backups',
        'attachments',
        'logs/restoreassist.log',
        'logs/restoreassist.log.1',
      ]),
    );
    expect(Object.keys(found).some((name) => name.startsWith('backups/restoreassist-'))).toBe(true);
    expect(Object.keys(found).some((name) => /^attachments\/\d+\/[0-9a-f-]+\.txt$/.test(name))).toBe(true);
    const wrong = Object.entries(found).filter(([name, mode]) => {
      const isDir = fs.statSync(path.join(dataDir, name)).isDirectory();
      return mode !== (isDir ? '700' : '600');
    });
    expect(wrong).toEqual([]);
  });
});

describe.skipIf(!posix)('the demo workspace', () => {
  it("keeps its Ascora's state (what people typed into the demo) in a file that is the owner's alone", async () => {
    const dataDir = makeTempDir('ra-private-demo-');
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const core = await createCore({ dataDir, secrets: createMemorySecretStore(), demo: { jobs: 20 } });
    const { id } = value<{ id: number }>(await core.registry.invoke('integration.openDemo', {}));
    value(await core.registry.invoke('sync.now', { integrationId: id }));
    await core.close(); // the demo saves its state when it stops
    const stateFile = path.join(dataDir, DEMO_STATE_FILE);
    expect(fs.existsSync(stateFile)).toBe(true);
    expect((fs.statSync(stateFile).mode & 0o777).toString(8)).toBe('600');
  });
});

describe('"Disconnect and wipe"', () => {
  it('deletes the attachment files and leaves no deleted text in the database or the WAL', async () => {
    const dataDir = makeTempDir('ra-wipe-');
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const keep = await simulator('RA-WIPE-KEEP-KEY-0a9b8c7d', 31);
    const gone = await simulator('RA-WIPE-GONE-KEY-6e5f4a3b', 32);
    // A plain mirror (no keychain for its key), so the text is in the file's bytes to be found:
    // this is the scrub's test. An encrypted mirror never holds it (tests/db/encryption).
    const core = await createCore({ dataDir, secrets: keychainForPlainMirror() });
    cleanups.push(() => core.close());
    const keptId = await connectAndSync(core, keep, 'RA-WIPE-KEEP-KEY-0a9b8c7d');
    const wipedId = await connectAndSync(core, gone, 'RA-WIPE-GONE-KEY-6e5f4a3b');

    // A customer typed in, sent to Ascora and pulled back (mirror row, raw JSON, outbox, sync log, search index).
    const NAME = 'Quillonberry Zarathustrine';
    value(
      await core.registry.invoke('customers.create', {
        integrationId: wipedId,
        fields: { contactFirstName: 'Quillonberry', contactLastName: 'Zarathustrine', streetLine1: '7 Wombat Way' },
      }),
    );
    expect(value<{ status: string }>(await core.registry.invoke('sync.now', { integrationId: wipedId }))).toMatchObject(
      { status: 'success' },
    );
    const wipedJob = await attach(core, wipedId, 'readings at the Zarathustrine house');
    const keptJob = await attach(core, keptId, 'readings elsewhere');
    const folder = (jobId: number) => path.join(attachmentsDir(dataDir), String(jobId));
    expect(fs.readdirSync(folder(wipedJob))).toHaveLength(1);

    const dbFiles = () =>
      [DATABASE_FILE, `${DATABASE_FILE}-wal`]
        .map((name) => path.join(dataDir, name))
        .filter((file) => fs.existsSync(file));
    const needles = [NAME, 'Zarathustrine', 'zarathustrine', 'Quillonberry', 'quillonberry'].map((text) =>
      Buffer.from(text),
    );
    const holding = () =>
      dbFiles().flatMap((file) =>
        needles
          .filter((needle) => fs.readFileSync(file).includes(needle))
          .map((needle) => `${path.basename(file)}: ${needle.toString()}`),
      );
    // The search can find it before: the bytes are there to be found.
    expect(holding().length).toBeGreaterThan(0);

    expect(
      value(
        await core.registry.invoke('integration.disconnect', {
          integrationId: wipedId,
          wipeMirror: true,
          confirmName: `Office ${gone.port}`,
        }),
      ),
    ).toEqual({ wiped: true });

    expect(holding()).toEqual([]);
    expect(fs.existsSync(folder(wipedJob))).toBe(false);
    // The other connection keeps its data and its attachment.
    expect(fs.readdirSync(folder(keptJob))).toHaveLength(1);
    expect(
      value<{ total: number }>(await core.registry.invoke('jobs.list', { integrationId: keptId, limit: 1 })).total,
    ).toBe(20);
    expect(core.ctx.sqlite.pragma('secure_delete', { simple: true })).toBe(1);
  });
});

describe('"Disconnect and wipe" leaves no file of the connection in the data folder', () => {
  const needles = ['Zarathustrine', 'zarathustrine', 'Quillonberry', 'quillonberry'];
  /** Every file under the data folder holding any of the customer's names, as text or UTF-16. */
  const filesHoldingName = (dataDir: string) =>
    fs
      .readdirSync(dataDir, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
      .filter((file) => {
        const bytes = fs.readFileSync(file);
        return needles.some((n) => bytes.includes(Buffer.from(n)) || bytes.includes(Buffer.from(n, 'utf16le')));
      })
      .map((file) => path.relative(dataDir, file));
  const createNamedCustomer = async (core: Core, integrationId: number) => {
    value(
      await core.registry.invoke('customers.create', {
        integrationId,
        fields: { contactFirstName: 'Quillonberry', contactLastName: 'Zarathustrine', streetLine1: '7 Wombat Way' },
      }),
    );
    expect(value<{ status: string }>(await core.registry.invoke('sync.now', { integrationId }))).toMatchObject({
      status: 'success',
    });
  };
  /** A copy as openDatabase takes before a migration: VACUUM INTO a file in backups/. */
  const backUp = (core: Core, dataDir: string, tag: string) => {
    const file = path.join(dataDir, 'backups', `restoreassist-2026-12-0${tag.length}-before-${tag}.db`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    core.ctx.sqlite.prepare('VACUUM INTO ?').run(file);
    return file;
  };

  it.each([
    ['a plain mirror (no keychain for its key)', keychainForPlainMirror],
    ['an encrypted mirror: the copies are under its key', createMemorySecretStore],
  ])(
    "deletes the copies in backups/ that hold only it, and takes its rows out of those that hold others' too: %s",
    async (_, keychain) => {
      const dataDir = makeTempDir('ra-wipe-backups-');
      cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
      const gone = await simulator('RA-WIPE-GONE-KEY-2b3c4d5e', 41);
      const keep = await simulator('RA-WIPE-KEEP-KEY-9f8e7d6c', 42);
      const core = await start(dataDir, keychain());
      const wipedId = await connectAndSync(core, gone, 'RA-WIPE-GONE-KEY-2b3c4d5e');
      await createNamedCustomer(core, wipedId);
      await attach(core, wipedId, 'readings at the Zarathustrine house');
      const onlyWiped = backUp(core, dataDir, 'a');
      const keptId = await connectAndSync(core, keep, 'RA-WIPE-KEEP-KEY-9f8e7d6c');
      const both = backUp(core, dataDir, 'bb');
      const key = core.ctx.databaseKey?.() ?? null;
      if (key) {
        // Encrypted, the copies hold no text to search for: what they hold is read through the key below.
        expect([databaseFileState(onlyWiped), databaseFileState(both)]).toEqual(['encrypted', 'encrypted']);
      } else {
        // The search finds it before: in the database, its WAL or both copies.
        expect(filesHoldingName(dataDir)).toEqual(
          expect.arrayContaining([path.relative(dataDir, onlyWiped), path.relative(dataDir, both)]),
        );
      }

      value(
        await core.registry.invoke('integration.disconnect', {
          integrationId: wipedId,
          wipeMirror: true,
          confirmName: `Office ${gone.port}`,
        }),
      );

      expect(filesHoldingName(dataDir)).toEqual([]);
      expect(fs.existsSync(onlyWiped)).toBe(false);
      // The copy that holds the other connection keeps it, whole.
      const copy = openConnection(both, { key, readonly: true, fileMustExist: true });
      try {
        expect(copy.prepare('SELECT id FROM ascora_integrations').pluck().all()).toEqual([keptId]);
        expect(copy.prepare('SELECT COUNT(*) FROM ascora_jobs WHERE integration_id = ?').pluck().get(keptId)).toBe(20);
        expect(copy.prepare('SELECT COUNT(*) FROM ascora_jobs').pluck().get()).toBe(20);
      } finally {
        copy.close();
      }
    },
  );

  it("deletes the demo's saved Ascora (demo-ascora.json) when the demo is wiped, and opens a fresh demo after", async () => {
    const dataDir = makeTempDir('ra-wipe-demo-');
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    // Plain (no keychain for the key), so the name is in the state file's bytes to be found before
    // the wipe; encrypted, it never is (tests/db/at-rest.test.ts).
    const core = await createCore({ dataDir, secrets: keychainForPlainMirror(), demo: { jobs: 20 } });
    cleanups.push(() => core.close());
    const { id } = value<{ id: number }>(await core.registry.invoke('integration.openDemo', {}));
    value(await core.registry.invoke('sync.now', { integrationId: id }));
    await createNamedCustomer(core, id);
    const stateFile = path.join(dataDir, DEMO_STATE_FILE);
    // The demo saves what was typed into it shortly after each change.
    await expect.poll(() => filesHoldingName(dataDir), { timeout: 5_000 }).toContain(DEMO_STATE_FILE);

    value(
      await core.registry.invoke('integration.disconnect', {
        integrationId: id,
        wipeMirror: true,
        confirmName: 'Demo workspace',
      }),
    );

    expect(fs.existsSync(stateFile)).toBe(false);
    expect(filesHoldingName(dataDir)).toEqual([]);
    // Opened again, the demo is new: the customer typed into the old one is not in it.
    const again = value<{ id: number }>(await core.registry.invoke('integration.openDemo', {}));
    value(await core.registry.invoke('sync.now', { integrationId: again.id }));
    expect(
      value<{ total: number }>(
        await core.registry.invoke('customers.list', { integrationId: again.id, search: 'Zarathustrine', limit: 5 }),
      ).total,
    ).toBe(0);
    await core.close();
    expect(filesHoldingName(dataDir)).toEqual([]);
  });
});
