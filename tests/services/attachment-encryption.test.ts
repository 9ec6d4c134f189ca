/**
 * Issue 22, attachments at rest: with the mirror's key, each attachment's copy is sealed (AES-256-GCM
 * under a key derived from it, sealed-files.ts); it reads back, saves, exports and opens as
 * attached; a copy changed, replaced or moved on disk is refused with words a person can act on;
 * plain copies from before are converted at start, and a conversion stopped at any step leaves
 * each file whole. Real SQLite file and data folder; the key is a fixed test key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../main/core/app';
import { silentLogger } from '../../main/core/log';
import { createMemorySecretStore } from '../../main/core/secrets/memory-store';
import { fileKeyFor, isSealed, type SealStep } from '../../main/core/sealed-files';
import {
  attachmentsDir,
  createAttachmentService,
  openedAttachmentsDir,
  prepareAttachmentFiles,
} from '../../main/core/services/attachments';
import { createLocalOnlyService } from '../../main/core/services/local-only';
import { createTestCore, type TestCore } from '../support/core';
import { insertFixture, insertIntegration, makeTempDir } from '../support/db';

const KEY = Buffer.alloc(32, 7);
const NAME = 'Zebulon Quartermaine';
const TEXT = `Moisture readings at ${NAME}'s house: 18% at the skirting`;
const b64 = (text: string) => Buffer.from(text).toString('base64');

let core: TestCore;
let integrationId: number;
let jobId: number;

beforeAll(() => {
  core = createTestCore();
  core.databaseKey = () => KEY;
  const run = (sql: string, ...params: unknown[]) => Number(core.sqlite.prepare(sql).run(...params).lastInsertRowid);
  integrationId = insertIntegration(core.sqlite);
  jobId = run(
    "INSERT INTO ascora_jobs (integration_id, ascora_job_id, job_number, job_name) VALUES (?, 'j-1', 'J1042', 'Water damage')",
    integrationId,
  );
});
afterAll(() => core.close());

const service = (openFile?: (file: string) => Promise<boolean>) => createAttachmentService(core, { openFile });
const storedFile = (attachmentId: number) =>
  path.join(
    attachmentsDir(core.dataDir),
    core.sqlite.prepare('SELECT stored_name FROM job_attachments WHERE id = ?').pluck().get(attachmentId) as string,
  );
const holdsText = (bytes: Buffer) => bytes.includes(Buffer.from(NAME)) || bytes.includes(Buffer.from(NAME, 'utf16le'));

describe('an attachment kept with a key', () => {
  it('is sealed on disk, and reads back, opens and exports as it was attached', async () => {
    const added = service().add({ jobId, fileName: 'readings.txt', contentBase64: b64(TEXT) });
    const onDisk = fs.readFileSync(storedFile(added.id));
    expect(isSealed(onDisk)).toBe(true);
    expect(holdsText(onDisk)).toBe(false);
    expect(service().read(added.id)).toEqual({
      fileName: 'readings.txt',
      mimeType: 'text/plain',
      contentBase64: b64(TEXT),
    });

    // The OS viewer gets a plain copy, the owner's alone, in a folder of its own.
    const asked: string[] = [];
    expect(await service(async (file) => (asked.push(file), true)).open(added.id)).toEqual({
      opened: true,
      canOpen: true,
    });
    expect(path.dirname(path.dirname(asked[0]!))).toBe(path.resolve(openedAttachmentsDir(core.dataDir)));
    expect(fs.readFileSync(asked[0]!, 'utf8')).toBe(TEXT);
    if (process.platform !== 'win32') {
      expect((fs.statSync(path.dirname(asked[0]!)).mode & 0o777).toString(8)).toBe('700');
      expect((fs.statSync(asked[0]!).mode & 0o777).toString(8)).toBe('600');
    }

    // An export is for other programs: plain.
    const exported = await createLocalOnlyService(core).exportTo(integrationId, false);
    expect(fs.readFileSync(path.join(exported.path, 'attachments', 'Job J1042', 'readings.txt'), 'utf8')).toBe(TEXT);
    service().remove(added.id);
  });

  it('is refused, saying so, when its copy was changed on disk, and nothing of it is given out', async () => {
    const added = service().add({ jobId, fileName: 'readings.txt', contentBase64: b64(TEXT) });
    const file = storedFile(added.id);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 20]! ^= 1;
    fs.writeFileSync(file, bytes);
    const opened: string[] = [];
    for (const attempt of [
      () => service().read(added.id),
      () => service(async (f) => (opened.push(f), true)).open(added.id),
    ])
      await expect(async () => attempt()).rejects.toMatchObject({
        code: 'STORAGE',
        message: expect.stringMatching(/copy of readings\.txt .* was changed or damaged after it was attached/),
      });
    expect(opened).toEqual([]);
    const exported = await createLocalOnlyService(core).exportTo(integrationId, false);
    expect(exported.missing).toBe(1);
    expect(fs.readFileSync(path.join(exported.path, 'kept-only-on-this-computer.csv'), 'utf8')).toMatch(
      /Not copied: The copy of readings\.txt .* was changed or damaged/,
    );
    service().remove(added.id);
  });

  it("is refused when another attachment's copy, or a plain file, is put in its place", () => {
    const first = service().add({ jobId, fileName: 'first.txt', contentBase64: b64('first visit') });
    const second = service().add({ jobId, fileName: 'second.txt', contentBase64: b64('second visit') });
    fs.copyFileSync(storedFile(first.id), storedFile(second.id));
    expect(() => service().read(second.id)).toThrow(/copy of second\.txt .* was changed or damaged/);
    fs.writeFileSync(storedFile(first.id), 'first visit');
    expect(() => service().read(first.id)).toThrow(/copy of first\.txt .* is not the encrypted copy the app made/);
    service().remove(first.id);
    service().remove(second.id);
  });
});

describe('plain copies from before, at start', () => {
  /** Attachments added without a key (a version before encryption, or a start without a keychain). */
  function addPlain(count: number): number[] {
    const plain = createAttachmentService({ ...core, databaseKey: () => null });
    return Array.from({ length: count }, (_, i) => {
      const added = plain.add({ jobId, fileName: `visit-${i}.txt`, contentBase64: b64(`${TEXT} (visit ${i})`) });
      expect(fs.readFileSync(storedFile(added.id), 'utf8')).toBe(`${TEXT} (visit ${i})`);
      return added.id;
    });
  }

  it('are encrypted in place, read back whole, and leftovers of cut-off writes go', () => {
    const ids = addPlain(3);
    const leftover = path.join(attachmentsDir(core.dataDir), String(jobId), 'cut-off.txt.partial');
    fs.writeFileSync(leftover, TEXT);
    expect(prepareAttachmentFiles(core.dataDir, fileKeyFor(KEY), silentLogger)).toEqual({ encrypted: 3 });
    expect(fs.existsSync(leftover)).toBe(false);
    for (const [i, id] of ids.entries()) {
      expect(isSealed(fs.readFileSync(storedFile(id)))).toBe(true);
      expect(Buffer.from(service().read(id).contentBase64, 'base64').toString()).toBe(`${TEXT} (visit ${i})`);
    }
    // Once is enough: a second start converts nothing.
    expect(prepareAttachmentFiles(core.dataDir, fileKeyFor(KEY), silentLogger)).toEqual({ encrypted: 0 });
    for (const id of ids) service().remove(id);
  });

  it.each<SealStep>(['written', 'verified', 'replaced'])(
    'leave each file whole, plain or sealed, when the conversion stops after "%s", and the next start finishes',
    (stop) => {
      const ids = addPlain(2);
      expect(() =>
        prepareAttachmentFiles(core.dataDir, fileKeyFor(KEY), silentLogger, (step) => {
          if (step === stop) throw new Error(`stopped after ${step}`);
        }),
      ).not.toThrow(); // logged, and the start goes on
      // Until the rename the original is untouched (the safety copy); after it, the sealed one is whole.
      for (const [i, id] of ids.entries()) {
        const bytes = fs.readFileSync(storedFile(id));
        if (stop === 'replaced') expect(isSealed(bytes)).toBe(true);
        else expect(bytes.toString()).toBe(`${TEXT} (visit ${i})`);
      }
      prepareAttachmentFiles(core.dataDir, fileKeyFor(KEY), silentLogger);
      const folder = path.join(attachmentsDir(core.dataDir), String(jobId));
      expect(fs.readdirSync(folder).filter((name) => !name.endsWith('.txt'))).toEqual([]);
      for (const [i, id] of ids.entries()) {
        expect(isSealed(fs.readFileSync(storedFile(id)))).toBe(true);
        expect(Buffer.from(service().read(id).contentBase64, 'base64').toString()).toBe(`${TEXT} (visit ${i})`);
        service().remove(id);
      }
    },
  );

  it('removes the plain copies given to the OS viewer last time', async () => {
    const added = service().add({ jobId, fileName: 'plan.txt', contentBase64: b64(TEXT) });
    const asked: string[] = [];
    await service(async (file) => (asked.push(file), true)).open(added.id);
    expect(fs.existsSync(asked[0]!)).toBe(true);
    prepareAttachmentFiles(core.dataDir, fileKeyFor(KEY), silentLogger);
    expect(fs.existsSync(openedAttachmentsDir(core.dataDir))).toBe(false);
    service().remove(added.id);
  });
});

describe('the plain copy given to the OS viewer', () => {
  it('is removed when the app quits', async () => {
    const dataDir = makeTempDir('ra-opened-');
    const app = await createCore({
      dataDir,
      secrets: createMemorySecretStore(),
      logger: silentLogger,
      openFile: async () => true,
    });
    try {
      const job = insertFixture(app.ctx.sqlite).job!;
      const added = await app.registry.invoke('jobs.addAttachment', {
        jobId: job,
        fileName: 'readings.txt',
        contentBase64: b64(TEXT),
      });
      if (!added.ok) throw new Error(added.error.message);
      const opened = await app.registry.invoke('jobs.openAttachment', {
        attachmentId: (added.value as { id: number }).id,
      });
      expect(opened).toEqual({ ok: true, value: { opened: true, canOpen: true } });
      const copies = fs.readdirSync(openedAttachmentsDir(dataDir), { recursive: true, withFileTypes: true });
      expect(copies.filter((entry) => entry.isFile()).map((entry) => entry.name)).toEqual(['readings.txt']);
    } finally {
      await app.close();
    }
    expect(fs.existsSync(openedAttachmentsDir(dataDir))).toBe(false);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
