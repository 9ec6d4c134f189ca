/**
 * Issue 15, item 2: the log people can send. A real rotating file in a real folder; the real
 * logger (log.ts) in front of it, so redaction is the one the app uses; a real core and simulator
 * for what a failed sync leaves in the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../main/core/app';
import { createAscoraClient } from '../main/core/ascora/client';
import {
  createAppLogger,
  createRotatingFile,
  LOG_FILE,
  LOG_FILES_KEPT,
  LOG_MAX_BYTES,
  logFolder,
} from '../main/core/log-file';
import { createMemorySecretStore } from '../main/core/secrets/memory-store';
import { startSimulator } from '../sim/server';
import { findSecret } from './reliability/secret-scan';
import { makeTempDir } from './support/db';

const API_KEY = 'RA-LOGFILE-CANARY-8c1e2f47-never-in-a-log-3d9a';

const dirs: string[] = [];
const tempDir = () => {
  const dir = makeTempDir('ra-logs-');
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const readLines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('the rotating log file', () => {
  it('is capped at about 1 MB with 5 files kept by default', () => {
    expect(LOG_MAX_BYTES).toBe(1_000_000);
    expect(LOG_FILES_KEPT).toBe(5);
  });

  it('rotates at the cap and keeps exactly N files, newest lines last, none lost between the kept files', () => {
    const dir = tempDir();
    const sink = createRotatingFile({ dir, maxBytes: 1000, keep: 3 });
    const line = (n: number) => `{"n":${String(n).padStart(4, '0')},"pad":"${'x'.repeat(80)}"}`; // 100 bytes with its newline
    for (let n = 0; n < 200; n++) sink.write(line(n));

    expect(fs.readdirSync(dir).sort()).toEqual([LOG_FILE, `${LOG_FILE}.1`, `${LOG_FILE}.2`]);
    for (const name of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, name)).size).toBeLessThanOrEqual(1000);
    // Oldest kept file first: together they are the last lines written, in order, without a gap.
    const kept = [`${LOG_FILE}.2`, `${LOG_FILE}.1`, LOG_FILE].flatMap((name) => readLines(path.join(dir, name)));
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => line(200 - kept.length + i)));
    expect(kept.length).toBe(30);
  });

  it('carries on after the log is deleted by hand, and never throws when it cannot write', () => {
    const dir = tempDir();
    const sink = createRotatingFile({ dir });
    sink.write('first');
    fs.rmSync(sink.file);
    sink.write('second');
    expect(readLines(sink.file)).toEqual(['second']);
    fs.rmSync(dir, { recursive: true });
    expect(() => sink.write('into a folder that is gone')).not.toThrow();
  });
});

describe("the app's logger", () => {
  it('writes JSON lines with time, level, message and fields to logs/restoreassist.log', () => {
    const dataDir = tempDir();
    const logger = createAppLogger(dataDir, { stderr: false });
    logger.warn('ascora call will be retried', { attempt: 2 });
    expect(logger.file).toBe(path.join(logFolder(dataDir), LOG_FILE));
    const [entry] = readLines(logger.file).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entry).toMatchObject({ level: 'warn', message: 'ascora call will be retried', attempt: 2 });
    expect(Number.isNaN(Date.parse(String(entry!.time)))).toBe(false);
  });

  it('never writes the API key given to it: masked in messages, fields and errors', () => {
    const dataDir = tempDir();
    const logger = createAppLogger(dataDir, { stderr: false, minLevel: 'debug' });
    // The client registers the key it is given, as every real connection does.
    createAscoraClient({ baseUrl: 'http://127.0.0.1:9', apiKey: API_KEY });
    logger.error(`request failed with Auth: ${API_KEY}`, {
      headers: { Auth: API_KEY },
      error: new Error(`bad key ${API_KEY}`).message,
    });
    logger.debug('nested', { deep: [{ key: API_KEY }] });
    const content = fs.readFileSync(logger.file);
    expect(findSecret(content, API_KEY)).toBe(false);
    expect(content.toString()).toContain('[redacted]');
    expect(readLines(logger.file)).toHaveLength(2);
  });

  it('receives a failed sync run from the core, with the reason, and no key', async () => {
    const dataDir = tempDir();
    const sim = await startSimulator({ port: 0, seed: 5, jobs: 10, apiKey: API_KEY });
    const secrets = createMemorySecretStore();
    const core = await createCore({ dataDir, secrets, logger: createAppLogger(dataDir, { stderr: false }) });
    try {
      const connected = await core.registry.invoke('integration.connect', { apiKey: API_KEY, baseUrl: sim.url });
      const integrationId = (connected as { value: { id: number } }).value.id;
      // The key goes missing from the keychain (another tool removed it): the next run fails, and the log says so.
      const { ref } = core.ctx.sqlite
        .prepare('SELECT keychain_ref AS ref FROM ascora_integrations WHERE id = ?')
        .get(integrationId) as { ref: string };
      expect(await secrets.delete(ref)).toBe(true);
      const run = await core.registry.invoke('sync.now', { integrationId, entities: ['jobs'] });
      expect(run).toMatchObject({ ok: true, value: { status: 'failed' } });
      const runId = (run as { value: { runId: string } }).value.runId;
      const entries = readLines(path.join(logFolder(dataDir), LOG_FILE)).map(
        (l) => JSON.parse(l) as Record<string, unknown>,
      );
      expect(entries).toContainEqual(
        expect.objectContaining({
          level: 'error',
          message: 'sync run failed',
          integrationId,
          runId,
          reason: expect.stringContaining('no API key'),
        }),
      );
      expect(findSecret(fs.readFileSync(path.join(logFolder(dataDir), LOG_FILE)), API_KEY)).toBe(false);
    } finally {
      await core.close();
      await sim.close();
    }
  });
});
