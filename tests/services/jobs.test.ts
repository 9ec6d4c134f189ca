import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentsDir, createAttachmentService } from '../../main/core/services/attachments';
import { createJobService } from '../../main/core/services/jobs';
import { createLocalOnlyService } from '../../main/core/services/local-only';
import { contract } from '../../shared/contract';
import { insertIntegration, tableChecksum } from '../support/db';
import { createTestCore, type TestCore } from '../support/core';

let core: TestCore;
let integrationId: number;
const STATUSES = ['New', 'Scheduled', 'In Progress', 'Complete', null];
const SUBURBS = ['Parramatta', 'Penrith', 'Hobart', 'Geelong'];

beforeAll(() => {
  core = createTestCore();
  integrationId = insertIntegration(core.sqlite);
  const insert = core.sqlite.prepare(
    'INSERT INTO ascora_jobs (integration_id, ascora_job_id, job_number, job_name, job_status, job_status_text, suburb, date_created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  core.sqlite.transaction(() => {
    for (let i = 0; i < 3000; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      // Many rows share a created date: the id breaks ties so no row is skipped or repeated.
      insert.run(
        integrationId,
        `g-${i}`,
        `J${10000 + ((i * 7919) % 3000)}`,
        `Job ${i % 97}`,
        i % 5,
        STATUSES[i % 5],
        SUBURBS[i % 4],
        `2026-10-${day}T03:00:00.000Z`,
      );
    }
  })();
});
afterAll(() => core.close());

const jobs = () => createJobService(core);
const query = (overrides: Record<string, unknown> = {}) =>
  contract['jobs.list'].input.parse({ integrationId, limit: 250, ...overrides });

function allPages(overrides: Record<string, unknown>) {
  const ids: number[] = [];
  let cursor: string | null = null;
  let total: number;
  do {
    const page = jobs().list(query({ ...overrides, cursor }));
    total = page.total;
    ids.push(...page.rows.map((r) => r.id));
    cursor = page.nextCursor;
  } while (cursor);
  return { ids, total };
}

describe('the jobs list', () => {
  it.each([
    ['dateCreated', 'desc'],
    ['dateCreated', 'asc'],
    ['jobNumber', 'asc'],
    ['jobName', 'desc'],
    ['status', 'asc'],
  ])('pages through every job exactly once, in order, sorted by %s %s', (sort, direction) => {
    const { ids, total } = allPages({ sort, direction });
    expect(total).toBe(3000);
    expect(ids).toHaveLength(3000);
    expect(new Set(ids).size).toBe(3000);
  });

  it('takes a range that ends on the last day a date can name (9999-12-31) as one with no end', () => {
    // There is no day after it to end the range at: it was an internal error (ipc-fuzz found it).
    const open = allPages({ createdFrom: '2026-10-05' });
    const toTheLastDay = allPages({ createdFrom: '2026-10-05', createdTo: '9999-12-31' });
    expect(toTheLastDay.total).toBe(open.total);
    expect(toTheLastDay.total).toBeGreaterThan(0);
  });

  it('combines search, status and created-date filters, and counts the whole match', () => {
    const { ids, total } = allPages({
      search: 'hob',
      statusText: 'Complete',
      createdFrom: '2026-10-05',
      createdTo: '2026-10-10',
    });
    const expected = core.sqlite
      .prepare(
        "SELECT COUNT(*) AS n FROM ascora_jobs WHERE suburb = 'Hobart' AND job_status_text = 'Complete' AND date_created >= '2026-10-04T13:00:00.000Z' AND date_created < '2026-10-10T13:00:00.000Z'",
      )
      .get() as { n: number };
    expect(total).toBe(expected.n);
    expect(ids).toHaveLength(expected.n);
    expect(expected.n).toBeGreaterThan(0);
  });

  it('shows "Status #n" for a status code with no text, and filters by it', () => {
    expect(jobs().statuses(integrationId)).toContain('Status #4');
    expect(allPages({ statusText: 'Status #4' }).total).toBe(600);
  });

  it('counts once, on the first page: later pages carry that total while the list is scrolled', () => {
    const first = jobs().list(query({ search: 'Hobart' }));
    expect(first.total).toBe(750);
    core.sqlite
      .prepare(
        "INSERT INTO ascora_jobs (integration_id, ascora_job_id, job_number, job_name, suburb, date_created) VALUES (?, 'g-late', 'J99999', 'Late job', 'Hobart', '2026-10-01T00:00:00.000Z')",
      )
      .run(integrationId);
    try {
      expect(jobs().list(query({ search: 'Hobart', cursor: first.nextCursor })).total).toBe(750);
      // A new query (what the screen sends when records change) counts again.
      expect(jobs().list(query({ search: 'Hobart' })).total).toBe(751);
    } finally {
      core.sqlite.prepare("DELETE FROM ascora_jobs WHERE ascora_job_id = 'g-late'").run();
    }
  });

  it.each([
    // 750 of 3,000 match: read by walking the sort's index; one matches: looked up by id.
    ['Hobart', "suburb = 'Hobart'"],
    ['J10007', "job_number = 'J10007'"],
  ])(
    'pages a search for %s through its matches in order, each once, counting only this connection’s jobs',
    (search, where) => {
      const other = insertIntegration(core.sqlite, { displayName: 'Branch' });
      core.sqlite
        .prepare(
          "INSERT INTO ascora_jobs (integration_id, ascora_job_id, job_number, job_name, suburb, date_created) VALUES (?, 'b-1', 'J10007', 'Branch job', 'Hobart', '2026-10-15T03:00:00.000Z')",
        )
        .run(other);
      try {
        const expected = (
          core.sqlite
            .prepare(
              `SELECT id FROM ascora_jobs WHERE integration_id = ? AND ${where} ORDER BY COALESCE(date_created, '') DESC, id DESC`,
            )
            .all(integrationId) as { id: number }[]
        ).map((r) => r.id);
        expect(expected.length).toBeGreaterThan(0);
        const { ids, total } = allPages({ search, limit: 100 });
        expect(ids).toEqual(expected);
        expect(total).toBe(expected.length);
        const ascending = allPages({ search, direction: 'asc', limit: 100 });
        expect(ascending.ids).toEqual([...expected].reverse());
      } finally {
        core.sqlite.prepare('DELETE FROM ascora_jobs WHERE integration_id = ?').run(other);
        core.sqlite.prepare('DELETE FROM ascora_integrations WHERE id = ?').run(other);
      }
    },
  );

  it('refuses a cursor made for another sort order', () => {
    const first = jobs().list(query({ sort: 'jobName' }));
    expect(() => jobs().list(query({ sort: 'dateCreated', cursor: first.nextCursor }))).toThrow(/out of date/);
  });
});

describe('what Ascora cannot carry stays local', () => {
  it('changes a status locally, labels it, and queues nothing for Ascora', () => {
    const service = jobs();
    const detail = service.get(1);
    expect(detail.syncState).toBe('synced');
    service.updateStatus([1], 'Awaiting insurer');
    const after = service.get(1);
    expect(after).toMatchObject({
      localStatusText: 'Awaiting insurer',
      jobStatusText: detail.jobStatusText,
      syncState: 'local_only',
    });
    expect(after.localOnlyReasons[0]).toMatch(/no job update/);
    expect(core.sqlite.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 0 });
  });

  it('undoes a batch change: each job gets back what it had, and one with nothing of its own is as in Ascora again', () => {
    const service = jobs();
    service.updateStatus([10], 'Drying');
    const previous = service.updateStatus([10, 11, 10], 'Awaiting insurer');
    expect(previous).toEqual(
      expect.arrayContaining([
        { jobId: 10, statusText: 'Drying' },
        { jobId: 11, statusText: null },
      ]),
    );
    expect(previous).toHaveLength(2);
    const restored = service.handlers['jobs.restoreStatuses']!({ jobs: previous });
    expect(restored).toEqual({ restored: 2 });
    expect(service.get(10)).toMatchObject({ localStatusText: 'Drying', syncState: 'local_only' });
    expect(service.get(11)).toMatchObject({ localStatusText: null, syncState: 'synced' });
    expect(core.sqlite.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 0 });
  });

  it('refuses to undo onto a job that is gone, and changes none of the others', () => {
    const service = jobs();
    service.updateStatus([12], 'Drying');
    expect(() =>
      service.handlers['jobs.restoreStatuses']!({
        jobs: [
          { jobId: 12, statusText: null },
          { jobId: 999_999, statusText: null },
        ],
      }),
    ).toThrow(/no longer in the app/);
    expect(service.get(12)).toMatchObject({ localStatusText: 'Drying', syncState: 'local_only' });
  });

  it('adds notes, local only', () => {
    jobs().addNote(2, 'Tenant home after 3 pm');
    expect(jobs().get(2)).toMatchObject({
      notes: [{ text: 'Tenant home after 3 pm' }],
      localOnlyReasons: [expect.stringMatching(/no notes/)],
    });
  });
});

describe('attachments', () => {
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100, 1)]).toString('base64');

  it('copies the file into the data folder under a generated name, whatever the file is called', () => {
    const added = createAttachmentService(core).add({
      jobId: 3,
      fileName: '../../../etc/passwd.pdf',
      mimeType: 'application/pdf',
      contentBase64: pdf,
    });
    expect(added).toMatchObject({ fileName: 'passwd.pdf', sizeBytes: 109 });
    const stored = core.sqlite.prepare('SELECT stored_name FROM job_attachments WHERE id = ?').get(added.id) as {
      stored_name: string;
    };
    const file = path.resolve(attachmentsDir(core.dataDir), stored.stored_name);
    expect(file.startsWith(path.resolve(attachmentsDir(core.dataDir)) + path.sep)).toBe(true);
    expect(fs.readFileSync(file).subarray(0, 4).toString()).toBe('%PDF');
  });

  // [what, the name the file had, the name stored and shown]
  const names: [string, string, string][] = [
    ['right-to-left override (reads "invoiceexe.pdf")', 'invoice\u202Efdp.exe', 'invoicefdp.pdf'],
    ['every embedding and override', '\u202Aa\u202Bb\u202Cc\u202Dd\u202Ee.pdf', 'abcde.pdf'],
    ['isolates', '\u2066a\u2067b\u2068c\u2069.pdf', 'abc.pdf'],
    ['LRM, RLM and the Arabic letter mark', 'a\u200Eb\u200Fc\u061C.pdf', 'abc.pdf'],
    ['line breaks and tabs', 'site\r\nreport\t2.pdf', 'sitereport2.pdf'],
    ['NUL, ESC, DEL and a C1 control', 'a\u0000b\u001B[31mc\u007Fd\u0085.pdf', 'ab[31mcd.pdf'],
    ['nothing but marks', '\u202E\u2066\u200F', 'attachment.pdf'],
    ['a path and an override', 'C:\\Users\\x\\\u202Egpj.pdf', 'gpj.pdf'],
    [
      'a plain name, accents kept',
      'Rapport d\u2019expertise \u00e9t\u00e9.pdf',
      'Rapport d\u2019expertise \u00e9t\u00e9.pdf',
    ],
  ];
  it.each(names)('stores and shows the name without control and bidi characters: %s', (_what, fileName, shown) => {
    const added = createAttachmentService(core).add({
      jobId: 3,
      fileName,
      mimeType: 'application/pdf',
      contentBase64: pdf,
    });
    expect(added.fileName).toBe(shown);
    expect(core.sqlite.prepare('SELECT file_name FROM job_attachments WHERE id = ?').pluck().get(added.id)).toBe(shown);
    expect(
      jobs()
        .get(3)
        .attachments.find((a) => a.id === added.id)?.fileName,
    ).toBe(shown);
  });

  it("shows a name stored before the rule without those characters, and with its type's extension, too", () => {
    const id = Number(
      core.sqlite
        .prepare(
          "INSERT INTO job_attachments (job_id, file_name, mime_type, size_bytes, sha256, stored_name) VALUES (3, ?, 'application/pdf', 1, 'x', '3/old.pdf')",
        )
        .run('old\u202Efdp.exe').lastInsertRowid,
    );
    expect(
      jobs()
        .get(3)
        .attachments.find((a) => a.id === id)?.fileName,
    ).toBe('oldfdp.pdf');
  });

  // [the name the file had, what it holds, the name it is shown, saved and exported under]
  const extensions: [string, string, string][] = [
    ['Invoice-April.bat', 'text', 'Invoice-April.txt'],
    ['Invoice-April.BAT', 'text', 'Invoice-April.txt'],
    ['run.cmd', 'text', 'run.txt'],
    ['script.ps1', 'text', 'script.txt'],
    ['payload.js', 'text', 'payload.txt'],
    ['shortcut.url', 'text', 'shortcut.txt'],
    ['page.html', 'text', 'page.txt'],
    ['Invoice.bat.', 'text', 'Invoice.txt'],
    ['Invoice.bat . ', 'text', 'Invoice.txt'],
    ['README', 'text', 'README.txt'],
    ['.bashrc', 'text', '.bashrc.txt'],
    ['notes.txt', 'text', 'notes.txt'],
    ['figures.csv', 'text', 'figures.csv'],
    ['report.PDF', 'pdf', 'report.PDF'],
    ['report.exe.pdf', 'pdf', 'report.exe.pdf'],
    ['report', 'pdf', 'report.pdf'],
  ];
  it.each(extensions)(
    '"%s" holding %s is shown, saved and exported as "%s": the extension of its checked type',
    async (fileName, holds, name) => {
      const service = createAttachmentService(core);
      const added = service.add({
        jobId: 4,
        fileName,
        mimeType: 'application/octet-stream',
        contentBase64: holds === 'pdf' ? pdf : Buffer.from('@echo off\r\nformat C:\r\n').toString('base64'),
      });
      expect(added.fileName).toBe(name);
      expect(
        jobs()
          .get(4)
          .attachments.find((a) => a.id === added.id)?.fileName,
      ).toBe(name);
      expect(service.read(added.id).fileName).toBe(name);
      const exported = await createLocalOnlyService(core).exportTo(integrationId, false);
      expect(fs.readdirSync(path.join(exported.path, 'attachments'), { recursive: true })).toContain(
        path.join(`Job ${jobs().get(4).jobNumber}`, name),
      );
      service.remove(added.id);
    },
  );

  it("saves a row stored before the rule under its type's extension, and never opens a copy whose extension is not its type's", async () => {
    const folder = path.join(attachmentsDir(core.dataDir), '4');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'old.bat'), '@echo off');
    const id = Number(
      core.sqlite
        .prepare(
          "INSERT INTO job_attachments (job_id, file_name, mime_type, size_bytes, sha256, stored_name) VALUES (4, 'Invoice-April.bat', 'text/plain', 9, 'x', '4/old.bat')",
        )
        .run().lastInsertRowid,
    );
    const opened: string[] = [];
    const service = createAttachmentService(core, { openFile: async (file) => (opened.push(file), true) });
    expect(service.read(id).fileName).toBe('Invoice-April.txt');
    expect(await service.open(id)).toEqual({ opened: false, canOpen: true });
    expect(opened).toEqual([]);
    service.remove(id);
  });

  it('refuses a file whose content is not what its name says, and writes nothing', () => {
    const before = tableChecksum(core.sqlite);
    expect(() =>
      createAttachmentService(core).add({
        jobId: 3,
        fileName: 'photo.png',
        mimeType: 'image/png',
        contentBase64: Buffer.from('MZ executable').toString('base64'),
      }),
    ).toThrow(/“photo.png” cannot be attached: its name says a PNG image, but it contains text/);
    expect(tableChecksum(core.sqlite)).toBe(before);
  });

  it('refuses content outside the allowed kinds whatever type the browser declared, and a file over 10 MB at the contract', () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 0)]).toString('base64');
    expect(() =>
      createAttachmentService(core).add({
        jobId: 3,
        fileName: 'x.exe',
        mimeType: 'application/pdf',
        contentBase64: exe,
      }),
    ).toThrow(/“x.exe” cannot be attached: it is not one of the kinds that can be attached \(PDF, JPEG, PNG, HEIC/);
    const schema = contract['jobs.addAttachment'].input;
    expect(
      schema.safeParse({
        jobId: 3,
        fileName: 'x.pdf',
        mimeType: 'application/pdf',
        contentBase64: 'A'.repeat(14_000_004),
      }).success,
    ).toBe(false);
  });
});
