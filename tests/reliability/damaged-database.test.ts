/**
 * A database file damaged on disk after it was opened (a failing disk, a copy cut short): a read
 * that meets a damaged page answers STORAGE saying so and that nothing was deleted, never INTERNAL
 * ("something went wrong"). A real SQLite file whose jobs' pages are overwritten under it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../main/core/db/open';
import { createRegistry } from '../../main/core/ipc/registry';
import { createJobService } from '../../main/core/services/jobs';
import { silentLogger } from '../../main/core/log';
import { EventBus } from '../../main/core/events';
import { systemClock } from '../../main/core/clock';
import { createMemorySecretStore } from '../../main/core/secrets/memory-store';
import { insertIntegration, makeTempDir } from '../support/db';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function open(dir: string): OpenedDatabase {
  const opened = openDatabase({ file: path.join(dir, 'restoreassist.db'), lockAs: false });
  cleanups.push(() => opened.close());
  return opened;
}

describe('a database damaged on disk', () => {
  it('answers STORAGE, naming the damage, when a list meets a damaged page', async () => {
    const dir = makeTempDir('ra-damaged-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const first = open(dir);
    const integrationId = insertIntegration(first.sqlite);
    const insert = first.sqlite.prepare(
      'INSERT INTO ascora_jobs (integration_id, ascora_job_id, job_number, job_name) VALUES (?, ?, ?, ?)',
    );
    first.sqlite.transaction(() => {
      for (let i = 0; i < 2000; i++)
        insert.run(integrationId, `g-${i}`, `J${10000 + i}`, `Water damage ${'x'.repeat(200)} ${i}`);
    })();
    first.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    // The table's leaf pages, overwritten on disk as a failing disk would leave them.
    const pageSize = first.sqlite.pragma('page_size', { simple: true }) as number;
    const leaves = first.sqlite
      .prepare("SELECT pageno FROM dbstat WHERE name = 'ascora_jobs' AND pagetype = 'leaf'")
      .pluck()
      .all() as number[];
    first.close();
    const file = fs.openSync(path.join(dir, 'restoreassist.db'), 'r+');
    for (const page of leaves) fs.writeSync(file, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
    fs.closeSync(file);

    const damaged = open(dir);
    const ctx = {
      db: damaged.db,
      sqlite: damaged.sqlite,
      dataDir: dir,
      events: new EventBus(),
      secrets: createMemorySecretStore(),
      clock: systemClock,
      logger: silentLogger,
    };
    const answer = await createRegistry(createJobService(ctx).handlers).invoke('jobs.list', {
      integrationId,
      limit: 50,
    });
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'STORAGE',
        message: expect.stringMatching(/^RestoreAssist Desk's database file is damaged/),
      },
    });
    expect((answer as { error: { message: string } }).error.message).toContain('Nothing has been deleted');
  });
});
