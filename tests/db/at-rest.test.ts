/**
 * Issue 22's test, "an encrypted local copy": after a person has used the app (a mirror from an
 * older version, so a backup is taken; the demo workspace with a customer typed in and pushed; an
 * attachment; a note), the raw bytes of the database, its WAL, an attachment, a backup and the
 * demo's saved Ascora hold no customer's name, as text or UTF-16. With the real OS keychain (these
 * run inside a D-Bus session with gnome-keyring unlocked; without one they fail, never skip). The
 * same run on a start without a keychain finds the name in every one of those files: the search
 * can find it, so the first case can fail.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app';
import { openDatabase } from '../../main/core/db/open';
import { createLogger } from '../../main/core/log';
import { BACKUP_FOLDER } from '../../main/core/db/open';
import { DATABASE_FILE, DEMO_STATE_FILE } from '../../main/core/paths';
import { createKeytarStore, keychainUnavailable } from '../../main/core/secrets/keytar-store';
import type { SecretStore } from '../../main/core/secrets/secret-store';
import { attachmentsDir } from '../../main/core/services/attachments';
import type { Result } from '../../shared/result';
import { insertFixture, makeTempDir } from '../support/db';

const FIRST = 'Quillonberry';
const LAST = 'Zarathustrine';
const NEEDLES = [FIRST, LAST].flatMap((name) => [Buffer.from(name, 'utf8'), Buffer.from(name, 'utf16le')]);

const noKeychain: SecretStore = {
  get: () => Promise.reject(keychainUnavailable(new Error('no Secret Service'))),
  set: () => Promise.reject(keychainUnavailable(new Error('no Secret Service'))),
  delete: () => Promise.reject(keychainUnavailable(new Error('no Secret Service'))),
};

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** A plain mirror as an older version left it (one migration behind), holding the customer. */
function olderMirror(dir: string): void {
  const migrations = path.join(makeTempDir('ra-at-rest-migrations-'), 'drizzle');
  cleanups.push(() => fs.rmSync(path.dirname(migrations), { recursive: true, force: true }));
  fs.cpSync(path.resolve('drizzle'), migrations, { recursive: true });
  const journalFile = path.join(migrations, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
  fs.writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, -1) }));
  const old = openDatabase({ file: path.join(dir, DATABASE_FILE), migrationsFolder: migrations, lockAs: false });
  const ids = insertFixture(old.sqlite);
  old.sqlite
    .prepare('UPDATE ascora_customers SET customer_name = ? WHERE id = ?')
    .run(`${FIRST} ${LAST}`, ids.customer);
  old.close();
}

/** The person's session: the files it leaves, read raw while the app runs (the WAL goes at close). */
async function useTheApp(secrets: SecretStore | undefined) {
  const dir = makeTempDir('ra-at-rest-');
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  olderMirror(dir);
  const lines: string[] = [];
  const core: Core = await createCore({
    dataDir: dir,
    secrets,
    demo: { jobs: 20 },
    logger: createLogger((line) => lines.push(line), 'debug'),
  });
  cleanups.push(() => core.close());
  const demo = value<{ id: number }>(await core.registry.invoke('integration.openDemo', {})).id;
  value(await core.registry.invoke('sync.now', { integrationId: demo }));
  value(
    await core.registry.invoke('customers.create', {
      integrationId: demo,
      fields: { contactFirstName: FIRST, contactLastName: LAST, streetLine1: '7 Wombat Way' },
    }),
  );
  expect(value<{ status: string }>(await core.registry.invoke('sync.now', { integrationId: demo }))).toMatchObject({
    status: 'success',
  });
  const jobId = value<{ rows: { id: number }[] }>(
    await core.registry.invoke('jobs.list', { integrationId: demo, limit: 1 }),
  ).rows[0]!.id;
  const attachment = value<{ id: number }>(
    await core.registry.invoke('jobs.addAttachment', {
      jobId,
      fileName: 'readings.txt',
      contentBase64: Buffer.from(`Moisture at ${FIRST} ${LAST}'s house: 18% at the skirting`).toString('base64'),
    }),
  ).id;
  // The last write: in the WAL, whatever a checkpoint moved before it.
  value(await core.registry.invoke('jobs.addNote', { jobId, text: `Called ${FIRST} ${LAST} about access` }));

  // The demo saves what was typed into it shortly after the push.
  const demoState = path.join(dir, DEMO_STATE_FILE);
  await expect.poll(() => fs.existsSync(demoState), { timeout: 10_000 }).toBe(true);
  const attachmentFiles = fs.readdirSync(attachmentsDir(dir), { recursive: true, withFileTypes: true });
  const backups = fs.readdirSync(path.join(dir, BACKUP_FOLDER));
  expect(backups).toHaveLength(1);
  const files: Record<string, string> = {
    database: path.join(dir, DATABASE_FILE),
    WAL: path.join(dir, `${DATABASE_FILE}-wal`),
    attachment: attachmentFiles
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
      .find(Boolean)!,
    backup: path.join(dir, BACKUP_FOLDER, backups[0]!),
    "demo's saved Ascora": demoState,
  };
  expect(fs.statSync(files.WAL!).size).toBeGreaterThan(0);
  const holdingName = Object.entries(files)
    .filter(([, file]) => {
      const bytes = fs.readFileSync(file);
      return NEEDLES.some((needle) => bytes.includes(needle));
    })
    .map(([what]) => what);
  return { dir, core, lines, attachment, holdingName, kinds: Object.keys(files) };
}

describe('the local copy at rest (issue 22)', () => {
  it("holds no customer's name in the database, WAL, attachment, backup or demo state, with the system keychain", async () => {
    const { dir, core, lines, attachment, holdingName } = await useTheApp(createKeytarStore());
    expect(holdingName).toEqual([]);
    expect(value(await core.registry.invoke('settings.localCopy', {}))).toEqual({ encrypted: true, note: null });
    // And the app reads them all back.
    const read = value<{ contentBase64: string }>(
      await core.registry.invoke('jobs.readAttachment', { attachmentId: attachment }),
    );
    expect(Buffer.from(read.contentBase64, 'base64').toString()).toContain(`${FIRST} ${LAST}'s house`);
    await core.close();
    const again = await createCore({
      dataDir: dir,
      demo: { jobs: 20 },
      logger: createLogger((line) => lines.push(line)),
    });
    cleanups.push(() => again.close());
    const demo = value<{ id: number; isDemo: boolean }[]>(await again.registry.invoke('integration.list', {})).find(
      (i) => i.isDemo,
    )!;
    value(await again.registry.invoke('sync.now', { integrationId: demo.id }));
    // The demo's Ascora came back from its encrypted file, not from its seed.
    expect(lines.join('\n')).not.toContain('saved state refused');
    expect(fs.readdirSync(dir).filter((name) => name.includes('unreadable'))).toEqual([]);
  });

  it('holds it in every one of those files on a start without a keychain (plain, and Settings says so)', async () => {
    const { core, holdingName, kinds } = await useTheApp(noKeychain);
    expect(holdingName).toEqual(kinds);
    expect(value<{ encrypted: boolean }>(await core.registry.invoke('settings.localCopy', {})).encrypted).toBe(false);
  });
});
