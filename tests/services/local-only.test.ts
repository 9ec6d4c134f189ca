/**
 * Issue 20, point 2: work kept only on this computer (a job's status set here, its notes, its
 * attachments) is what a wipe loses for good. It is counted and named for the disconnect dialog,
 * and exported first on request: a CSV with each job's number and name, and the attachment files,
 * in a folder a wipe leaves alone. The real services on a real SQLite file and data folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAttachmentService } from '../../main/core/services/attachments';
import { createIntegrationService } from '../../main/core/services/integrations';
import { createJobService } from '../../main/core/services/jobs';
import { createLocalOnlyService, exportsDir } from '../../main/core/services/local-only';
import { unsentChanges } from '../../main/core/services/problems';
import { createFakeClock, createTestCore, type TestCore } from '../support/core';
import { insertIntegration } from '../support/db';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

let core: TestCore;
let integrationId: number;
beforeEach(() => {
  core = createTestCore({ clock: createFakeClock(Date.UTC(2026, 11, 7, 3, 30, 0)) });
  integrationId = insertIntegration(core.sqlite);
});
afterEach(() => core.close());

/** A job Ascora has (synced, numbered), as a pull leaves it. */
function job(jobNumber: string | null, jobName: string): number {
  return Number(
    core.sqlite
      .prepare(
        `INSERT INTO ascora_jobs (integration_id, ascora_job_id, job_number, job_name, job_status_text, address_line1, suburb, state, postcode, sync_state)
         VALUES (?, ?, ?, ?, 'In progress', '14 Harris Street', 'Parramatta', 'NSW', '2150', 'synced')`,
      )
      .run(integrationId, jobNumber ? `guid-${jobNumber}` : null, jobNumber, jobName).lastInsertRowid,
  );
}

const localOnly = () => createLocalOnlyService(core);

describe('work kept only on this computer', () => {
  it('is nothing while no job has a status, note or attachment of its own', () => {
    job('J10001', 'Untouched');
    expect(localOnly().list(integrationId)).toEqual({
      jobCount: 0,
      statusCount: 0,
      noteCount: 0,
      attachmentCount: 0,
      first: [],
    });
  });

  it('counts and names each job holding a status, notes or attachments, though nothing waits to be sent', () => {
    const jobs = createJobService(core);
    const burst = job('J10234', 'Water damage – 14 Harris Street');
    const mould = job('J10235', 'Mould – 3/27 Elizabeth Street');
    job('J10236', 'Untouched');
    jobs.updateStatus([burst], 'On hold');
    jobs.addNote(burst, 'Owner away until Friday: key with neighbour at no. 16.');
    jobs.addNote(mould, 'Ceiling sample sent to the lab.');
    jobs.addNote(mould, 'Lab says Aspergillus.');
    createAttachmentService(core).add({
      jobId: burst,
      fileName: 'moisture-map.png',
      contentBase64: PNG.toString('base64'),
    });

    expect(unsentChanges(core.db, integrationId).count).toBe(0);
    expect(localOnly().list(integrationId)).toEqual({
      jobCount: 2,
      statusCount: 1,
      noteCount: 3,
      attachmentCount: 1,
      first: [
        { job: 'Job J10234: Water damage – 14 Harris Street', holds: 'status “On hold”, 1 note, 1 attachment' },
        { job: 'Job J10235: Mould – 3/27 Elizabeth Street', holds: '2 notes' },
      ],
    });
  });

  it("names a job Ascora has not numbered yet by its name, and another connection's work not at all", () => {
    const jobs = createJobService(core);
    jobs.addNote(job(null, 'Storm damage – 2 Bay St'), 'Tarp on the roof.');
    const other = insertIntegration(core.sqlite, { displayName: 'Other' });
    core.sqlite
      .prepare("INSERT INTO ascora_jobs (integration_id, job_name, local_status_text) VALUES (?, 'Elsewhere', 'Done')")
      .run(other);
    expect(localOnly().list(integrationId).first).toEqual([
      { job: 'Storm damage – 2 Bay St (not yet in Ascora)', holds: '1 note' },
    ]);
    expect(localOnly().list(other)).toMatchObject({ jobCount: 1, statusCount: 1 });
  });

  it('exports to a new folder a CSV of the statuses and notes with job number and name, and the attachment files, which a wipe leaves', async () => {
    const jobs = createJobService(core);
    const burst = job('J10234', 'Water damage – 14 Harris Street');
    jobs.updateStatus([burst], 'On hold');
    jobs.addNote(burst, '=cmd|calc: not a formula, "quoted", and on\ntwo lines');
    const attachments = createAttachmentService(core);
    attachments.add({ jobId: burst, fileName: 'moisture-map.png', contentBase64: PNG.toString('base64') });
    attachments.add({ jobId: burst, fileName: 'moisture-map.png', contentBase64: PNG.toString('base64') });

    const result = await localOnly().exportTo(integrationId, true);
    expect(result).toEqual({
      path: path.join(exportsDir(core.dataDir), 'Office 2026-12-07 03-30-00'),
      files: 3,
      missing: 0,
      canOpen: false,
      opened: false,
    });
    const csv = fs.readFileSync(path.join(result.path, 'kept-only-on-this-computer.csv'), 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'Job number,Job name,Site address,Kept here,Text or file,Written by,Date (UTC),File in this folder',
    );
    expect(lines[1]).toMatch(
      /^J10234,Water damage – 14 Harris Street,"14 Harris Street, Parramatta NSW 2150",Status,On hold \(Ascora: In progress\),,/,
    );
    // A spreadsheet reads the note as text, not a formula; its quotes and line break are kept.
    expect(csv).toContain(`,Note,"'=cmd|calc: not a formula, ""quoted"", and on\ntwo lines",`);
    expect(csv).toContain(`,Attachment,moisture-map.png,,`);
    expect(csv).toContain(`,Attachment,moisture-map (2).png,,`);
    const folder = path.join(result.path, 'attachments', 'Job J10234');
    expect(fs.readdirSync(folder).sort()).toEqual(['moisture-map (2).png', 'moisture-map.png']);
    expect(fs.readFileSync(path.join(folder, 'moisture-map.png'))).toEqual(PNG);

    // A second export is a folder of its own; the first is not written over.
    const again = await localOnly().exportTo(integrationId, false);
    expect(again.path).toBe(`${result.path} (2)`);

    await createIntegrationService(core).disconnect(integrationId, { confirmName: 'Office' });
    expect(localOnly().list(integrationId).jobCount).toBe(0);
    expect(fs.readFileSync(path.join(folder, 'moisture-map.png'))).toEqual(PNG);
    expect(fs.existsSync(path.join(result.path, 'kept-only-on-this-computer.csv'))).toBe(true);
  });

  it('names an attachment whose copy is gone from the data folder instead of failing the export', async () => {
    const burst = job('J10234', 'Water damage');
    const added = createAttachmentService(core).add({
      jobId: burst,
      fileName: 'photo.png',
      contentBase64: PNG.toString('base64'),
    });
    const stored = core.sqlite.prepare('SELECT stored_name FROM job_attachments WHERE id = ?').get(added.id) as {
      stored_name: string;
    };
    fs.rmSync(path.join(core.dataDir, 'attachments', stored.stored_name));
    const result = await localOnly().exportTo(integrationId, false);
    expect(result).toMatchObject({ files: 1, missing: 1 });
    expect(fs.readFileSync(path.join(result.path, 'kept-only-on-this-computer.csv'), 'utf8')).toContain('photo.png,,');
  });

  it('refuses an export with nothing to export, and writes no folder', async () => {
    job('J10001', 'Untouched');
    await expect(localOnly().exportTo(integrationId, false)).rejects.toThrow('nothing to export');
    expect(fs.existsSync(exportsDir(core.dataDir))).toBe(false);
  });

  it('opens the folder where the host can', async () => {
    createJobService(core).addNote(job('J1', 'One'), 'A note.');
    const opened: string[] = [];
    const service = createLocalOnlyService(core, { openFolder: async (dir) => (opened.push(dir), true) });
    const result = await service.exportTo(integrationId, true);
    expect(result).toMatchObject({ canOpen: true, opened: true });
    expect(opened).toEqual([result.path]);
  });
});
