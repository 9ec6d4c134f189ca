/**
 * Issue 20, point 4: what is kept only on this computer (a job's status set here, its notes, its
 * attachments) is never sent, so the office enters it in Ascora by hand for the technicians. The
 * "To enter in Ascora" list names each one; "Done in Ascora" takes it off the list and marks it
 * entered (who, when), keeping it here; the job's badge says which of "to enter in Ascora",
 * "waiting to send" or "no longer in Ascora" applies. The real services on a real SQLite file.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultMigrationsFolder, openDatabase } from '../../main/core/db/open';
import { insertIntegration, makeTempDir } from '../support/db';
import { createAttachmentService } from '../../main/core/services/attachments';
import { createJobService } from '../../main/core/services/jobs';
import { createLocalOnlyService } from '../../main/core/services/local-only';
import { createSettingsService } from '../../main/core/services/settings';
import { enqueue, settleJobCreated } from '../../main/core/sync/queue';
import { contract } from '../../shared/contract';
import { recordState, RECORD_STATE_WORDS, type RecordFilter } from '../../shared/record-state';
import { createFakeClock, createTestCore, type TestCore } from '../support/core';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const NOW = Date.UTC(2026, 11, 7, 3, 30, 0);

let core: TestCore;
let integrationId: number;
beforeEach(() => {
  core = createTestCore({ clock: createFakeClock(NOW) });
  integrationId = insertIntegration(core.sqlite);
  createSettingsService(core).handlers['settings.update']!({ yourName: 'Priya' } as never);
});
afterEach(() => core.close());

/** A job Ascora has (synced, numbered), as a pull leaves it. */
function job(jobNumber: string, jobName: string): number {
  return Number(
    core.sqlite
      .prepare(
        `INSERT INTO ascora_jobs (integration_id, ascora_job_id, job_number, job_name, job_status_text, sync_state)
         VALUES (?, ?, ?, ?, 'In progress', 'synced')`,
      )
      .run(integrationId, `guid-${jobNumber}`, jobNumber, jobName).lastInsertRowid,
  );
}

const service = () => createLocalOnlyService(core);
const badgeOf = (jobId: number) => RECORD_STATE_WORDS[recordState(createJobService(core).get(jobId))].label;
const count = () => {
  const w = service().list(integrationId);
  return w.statusCount + w.noteCount + w.attachmentCount;
};

describe('To enter in Ascora', () => {
  it('lists each status, note and attachment kept only here, job by job, with who wrote a note and when', () => {
    const jobs = createJobService(core);
    const burst = job('J10234', 'Water damage – 14 Harris Street');
    const mould = job('J10235', 'Mould – 3/27 Elizabeth Street');
    job('J10236', 'Untouched');
    jobs.updateStatus([burst], 'Drying');
    const note = jobs.addNote(burst, 'Key with neighbour at no. 16.');
    const file = createAttachmentService(core).add({
      jobId: mould,
      fileName: 'moisture-map.png',
      contentBase64: PNG.toString('base64'),
    });

    expect(service().toEnter(integrationId)).toEqual([
      {
        kind: 'status',
        id: burst,
        jobId: burst,
        job: 'Job J10234: Water damage – 14 Harris Street',
        text: 'Drying',
        by: '',
        at: new Date(NOW).toISOString(),
      },
      {
        kind: 'note',
        id: note.id,
        jobId: burst,
        job: 'Job J10234: Water damage – 14 Harris Street',
        text: 'Key with neighbour at no. 16.',
        by: 'Priya',
        at: new Date(NOW).toISOString(),
      },
      {
        kind: 'attachment',
        id: file.id,
        jobId: mould,
        job: 'Job J10235: Mould – 3/27 Elizabeth Street',
        text: 'moisture-map.png',
        by: '',
        at: new Date(NOW).toISOString(),
      },
    ]);
    expect(count()).toBe(3);
  });

  it('Done in Ascora takes one off the list and the count, keeps it here marked entered (who, when)', () => {
    const jobs = createJobService(core);
    const burst = job('J10234', 'Water damage');
    jobs.updateStatus([burst], 'Drying');
    const note = jobs.addNote(burst, 'Key with neighbour.');
    const file = createAttachmentService(core).add({
      jobId: burst,
      fileName: 'a.png',
      contentBase64: PNG.toString('base64'),
    });

    const left = service().markEntered('note', note.id);
    expect(left.map((i) => i.kind)).toEqual(['status', 'attachment']);
    expect(count()).toBe(2);
    const detail = jobs.get(burst);
    expect(detail.notes).toEqual([
      expect.objectContaining({
        text: 'Key with neighbour.',
        enteredInAscora: { by: 'Priya', at: new Date(NOW).toISOString() },
      }),
    ]);
    expect(detail.localOnlyReasons.filter((r) => r.startsWith('Notes'))).toEqual([]);
    expect(detail.localOnlyReasons.filter((r) => r.startsWith('Status'))).toHaveLength(1);

    service().markEntered('status', burst);
    service().markEntered('attachment', file.id);
    expect(service().toEnter(integrationId)).toEqual([]);
    expect(service().list(integrationId).jobCount).toBe(0);
    const after = jobs.get(burst);
    // Kept here: the status, the note and the file are all still on the job.
    expect(after.localStatusText).toBe('Drying');
    expect(after.statusEnteredInAscora).toEqual({ by: 'Priya', at: new Date(NOW).toISOString() });
    expect(after.attachments[0]!.enteredInAscora).toEqual({ by: 'Priya', at: new Date(NOW).toISOString() });
    expect(after.notes).toHaveLength(1);
    expect(after.localOnlyReasons).toEqual([]);
  });

  it('refuses to mark twice or what does not exist, and changes nothing', () => {
    const jobs = createJobService(core);
    const burst = job('J10234', 'Water damage');
    const note = jobs.addNote(burst, 'Key with neighbour.');
    service().markEntered('note', note.id);
    const before = core.sqlite.prepare('SELECT * FROM job_notes').all();
    expect(() => service().markEntered('note', note.id)).toThrow(/no longer waiting to be entered/);
    expect(() => service().markEntered('attachment', 999)).toThrow(/no longer waiting to be entered/);
    // A job whose status was never set here has no status to enter.
    expect(() => service().markEntered('status', burst)).toThrow(/no longer waiting to be entered/);
    expect(core.sqlite.prepare('SELECT * FROM job_notes').all()).toEqual(before);
  });

  it('a note changed or a status set again after it was entered is to enter again', () => {
    const jobs = createJobService(core);
    const burst = job('J10234', 'Water damage');
    jobs.updateStatus([burst], 'Drying');
    const note = jobs.addNote(burst, 'Key with neighbour.');
    service().markEntered('note', note.id);
    service().markEntered('status', burst);
    expect(count()).toBe(0);

    jobs.editNote(note.id, 'Key with neighbour at no. 16.');
    jobs.updateStatus([burst], 'Drying complete');
    expect(
      service()
        .toEnter(integrationId)
        .map((i) => [i.kind, i.text]),
    ).toEqual([
      ['status', 'Drying complete'],
      ['note', 'Key with neighbour at no. 16.'],
    ]);
    expect(jobs.get(burst).statusEnteredInAscora).toBeNull();
  });
});

describe("the job's badge says which applies", () => {
  it('a job in Ascora with only a note here is "To enter in Ascora", and "In Ascora" once it is entered', () => {
    const jobs = createJobService(core);
    const burst = job('J10234', 'Water damage');
    expect(badgeOf(burst)).toBe('In Ascora');
    const note = jobs.addNote(burst, 'Key with neighbour.');
    expect(badgeOf(burst)).toBe('To enter in Ascora');
    expect(RECORD_STATE_WORDS.to_enter.meaning).toMatch(/^In Ascora, but .* only on this computer/);
    // The lists' filter selects it under the same words.
    const filtered = (recordState: RecordFilter) =>
      jobs.list(contract['jobs.list'].input.parse({ integrationId, recordState })).rows.map((r) => r.id);
    expect(filtered('to_enter')).toEqual([burst]);
    expect(filtered('local_only')).toEqual([]);

    service().markEntered('note', note.id);
    expect(badgeOf(burst)).toBe('In Ascora');
  });

  it('removing the only note or attachment kept here makes the job the same as in Ascora again', () => {
    const jobs = createJobService(core);
    const attachments = createAttachmentService(core);
    const burst = job('J10234', 'Water damage');
    const note = jobs.addNote(burst, 'Key with neighbour.');
    const file = attachments.add({ jobId: burst, fileName: 'a.png', contentBase64: PNG.toString('base64') });
    jobs.deleteNote(note.id);
    expect(badgeOf(burst)).toBe('To enter in Ascora');
    attachments.handlers['jobs.removeAttachment']!({ attachmentId: file.id } as never);
    expect(badgeOf(burst)).toBe('In Ascora');
  });

  it('a job made here waits to send with its note; once Ascora has it, the note is still to enter', () => {
    const jobs = createJobService(core);
    const made = Number(
      core.sqlite
        .prepare(
          "INSERT INTO ascora_jobs (integration_id, job_name, sync_state) VALUES (?, 'Storm – 2 Bay St', 'synced')",
        )
        .run(integrationId).lastInsertRowid,
    );
    const itemId = enqueue(core.db, { integrationId, kind: 'create_job', recordId: made });
    jobs.addNote(made, 'Tarp on the roof.');
    expect(badgeOf(made)).toBe('Waiting to send');
    expect(
      service()
        .toEnter(integrationId)
        .map((i) => i.job),
    ).toEqual(['Storm – 2 Bay St (not yet in Ascora)']);

    settleJobCreated(core.db, itemId, made, new Date(NOW).toISOString());
    expect(badgeOf(made)).toBe('To enter in Ascora');
  });

  it('a record Ascora no longer has, kept here by a person, says so, not "to enter"', () => {
    expect(recordState({ syncState: 'synced', remoteMissing: true, keptLocally: true })).toBe('local_only');
    expect(RECORD_STATE_WORDS.local_only.label).toBe('No longer in Ascora, kept here');
    expect(recordState({ syncState: 'local_only' })).toBe('to_enter');
    expect(RECORD_STATE_WORDS.waiting.label).toBe('Waiting to send');
  });
});

describe('a data folder from before this change', () => {
  it('is migrated with its jobs in Ascora holding notes or attachments to enter, the others left alone', () => {
    const dir = makeTempDir();
    try {
      // The migrations up to the one before this change, as the last release left the database.
      const before = path.join(dir, 'before');
      fs.cpSync(defaultMigrationsFolder(), before, { recursive: true });
      const journalFile = path.join(before, 'meta', '_journal.json');
      const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
      // By number: the migrations after it (0013 on) came later, and a later one applied would hide it.
      journal.entries = journal.entries.filter((e) => e.tag < '0012');
      fs.writeFileSync(journalFile, JSON.stringify(journal));
      const file = path.join(dir, 'old.db');
      const old = new Database(file);
      migrate(drizzle(old), { migrationsFolder: before });
      old.exec(`
        INSERT INTO ascora_integrations (id, display_name, keychain_ref) VALUES (1, 'Office', 'ascora:t');
        INSERT INTO ascora_jobs (id, integration_id, ascora_job_id, job_name, sync_state) VALUES
          (1, 1, 'g1', 'With a note', 'synced'), (2, 1, 'g2', 'With a file', 'synced'),
          (3, 1, 'g3', 'Untouched', 'synced'), (4, 1, NULL, 'Made here, waiting', 'pending');
        INSERT INTO job_notes (job_id, text) VALUES (1, 'Key with neighbour.'), (4, 'Tarp on the roof.');
        INSERT INTO job_attachments (job_id, file_name, mime_type, size_bytes, sha256, stored_name)
          VALUES (2, 'a.png', 'image/png', 1, 'x', '2/a.png');`);
      old.close();

      const opened = openDatabase({ file });
      const states = opened.sqlite.prepare('SELECT id, sync_state FROM ascora_jobs ORDER BY id').all();
      opened.close();
      expect(states).toEqual([
        { id: 1, sync_state: 'local_only' },
        { id: 2, sync_state: 'local_only' },
        { id: 3, sync_state: 'synced' },
        { id: 4, sync_state: 'pending' },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
