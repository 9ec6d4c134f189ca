/**
 * What the job and customer panels stand on, over a real SQLite file and data folder: notes signed
 * and changeable, attachments typed by their content (a real HEIC header; a renamed text file
 * refused), read back, opened through the host and removed; the job's contact, invoices and
 * payments; the customer's jobs and invoices; and "Open in Ascora" only to https ascora.com.au.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attachmentsDir,
  createAttachmentService,
  openedAttachmentsDir,
  sniffAttachmentType,
} from '../../main/core/services/attachments';
import { createCustomerRelatedService } from '../../main/core/services/customer-related';
import { createJobService } from '../../main/core/services/jobs';
import { createSettingsService } from '../../main/core/services/settings';
import { ASCORA_WEB_SIGN_IN, isAscoraWebUrl } from '../../shared/ascora-web';
import { contract } from '../../shared/contract';
import { insertIntegration, tableChecksum } from '../support/db';
import { createTestCore, type TestCore } from '../support/core';

let core: TestCore;
let integrationId: number;
let jobId: number;
let customerId: number;

/** The first bytes of an iPhone photo (ISO-BMFF): its ftyp box, major brand heic, then the meta box. */
const IPHONE_HEIC = Buffer.from(
  '00000018667479706865696300000000' + '6d69663168656963' + '00000f0e6d657461' + '0000000000000022',
  'hex',
);
const b64 = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64');

beforeAll(() => {
  core = createTestCore();
  const run = (sql: string, ...params: unknown[]) => Number(core.sqlite.prepare(sql).run(...params).lastInsertRowid);
  integrationId = insertIntegration(core.sqlite);
  customerId = run(
    "INSERT INTO ascora_customers (integration_id, ascora_customer_id, customer_name, email_address, phone_number, mobile_number) VALUES (?, 'c-1', 'Jane Citizen', 'jane@example.com.au', '02 9876 5432', '0412 345 678')",
    integrationId,
  );
  jobId = run(
    "INSERT INTO ascora_jobs (integration_id, ascora_job_id, job_number, job_name, site_customer_id, site_customer_name, site_contact_name, date_created) VALUES (?, 'j-1', 'J1042', 'Water damage', 'c-1', 'Jane Citizen', 'Sam on site', '2026-11-01T00:00:00.000Z')",
    integrationId,
  );
  run(
    "INSERT INTO ascora_jobs (integration_id, ascora_job_id, job_number, job_name, site_customer_id, date_created) VALUES (?, 'j-2', 'J1043', 'Mould', 'c-1', '2026-11-05T00:00:00.000Z')",
    integrationId,
  );
  run(
    "INSERT INTO ascora_jobs (integration_id, ascora_job_id, job_number, job_name, site_customer_id) VALUES (?, 'j-3', 'J9', 'Someone else', 'c-2')",
    integrationId,
  );
  const invoiceId = run(
    "INSERT INTO ascora_invoices (integration_id, ascora_invoice_id, invoice_number, invoice_date, ascora_job_id, total_ex_tax_cents, tax_cents) VALUES (?, 'i-1', 'INV-1042', '2026-11-02T00:00:00', 'j-1', 100000, 10000)",
    integrationId,
  );
  run(
    "INSERT INTO ascora_invoices (integration_id, ascora_invoice_id, invoice_number, ascora_job_id, total_ex_tax_cents) VALUES (?, 'i-9', 'INV-9', 'j-3', 500)",
    integrationId,
  );
  run(
    "INSERT INTO payments (integration_id, invoice_id, amount_cents, payment_date, payment_method, receipt_number, state) VALUES (?, ?, 40000, '2026-11-10', 'EFT', 'RA-PAY-1', 'synced')",
    integrationId,
    invoiceId,
  );
});
afterAll(() => core.close());

const jobs = () => createJobService(core);
const attachments = (openFile?: (file: string) => Promise<boolean>) => createAttachmentService(core, { openFile });

describe('notes', () => {
  it("are signed with the computer's user name until a name is set in Settings, then with that name", () => {
    const first = jobs().addNote(jobId, 'Called the insurer');
    expect(first.author).toBe(os.userInfo().username);
    createSettingsService(core).update({ yourName: 'Priya Shah' });
    const second = jobs().addNote(jobId, 'Moisture 16% WME');
    expect(second.author).toBe('Priya Shah');
    expect(
      jobs()
        .get(jobId)
        .notes.map((n) => [n.text, n.author]),
    ).toEqual([
      ['Moisture 16% WME', 'Priya Shah'],
      ['Called the insurer', os.userInfo().username],
    ]);
    createSettingsService(core).update({ yourName: '' });
  });

  it('can be changed (keeping author and time, saying when) and deleted: notes never leave the app', () => {
    const note = jobs().addNote(jobId, 'Dehumidifier on');
    const edited = jobs().editNote(note.id, 'Two dehumidifiers on');
    expect(edited).toMatchObject({ text: 'Two dehumidifiers on', author: note.author, createdAt: note.createdAt });
    expect(edited.editedAt).not.toBeNull();
    jobs().deleteNote(note.id);
    expect(
      jobs()
        .get(jobId)
        .notes.some((n) => n.id === note.id),
    ).toBe(false);
    expect(() => jobs().editNote(note.id, 'again')).toThrow(/no longer in the app/);
    expect(() => jobs().deleteNote(note.id)).toThrow(/no longer in the app/);
  });

  it('refuses an empty change at the contract', () => {
    expect(contract['jobs.editNote'].input.safeParse({ noteId: 1, text: '   ' }).success).toBe(false);
  });
});

describe('attachment types, from the content', () => {
  it('takes a real iPhone HEIC header as a HEIC photo, whatever the browser said (often nothing)', () => {
    expect(sniffAttachmentType(IPHONE_HEIC, 'IMG_0042.HEIC')).toBe('image/heic');
    const added = attachments().add({ jobId, fileName: 'IMG_0042.HEIC', contentBase64: b64(IPHONE_HEIC) });
    expect(added.mimeType).toBe('image/heic');
  });

  it.each(['heix', 'mif1', 'msf1'])('takes the HEIF brand %s as the major brand', (brand) => {
    const header = Buffer.from(IPHONE_HEIC);
    header.write(brand, 8, 'latin1');
    expect(sniffAttachmentType(header, 'photo.heif')).toBe('image/heic');
  });

  it('tells JPEG, PNG, PDF, text, CSV and Word files by their bytes', () => {
    expect(sniffAttachmentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'site.jpg')).toBe('image/jpeg');
    expect(sniffAttachmentType(Buffer.from('89504e470d0a1a0a0000', 'hex'), 'plan.png')).toBe('image/png');
    expect(sniffAttachmentType(Buffer.from('%PDF-1.7\n'), 'report.pdf')).toBe('application/pdf');
    expect(sniffAttachmentType(Buffer.from('Moisture readings\n16%\n'), 'readings.txt')).toBe('text/plain');
    expect(sniffAttachmentType(Buffer.from('room,reading\nkitchen,16\n'), 'readings.csv')).toBe('text/csv');
    expect(sniffAttachmentType(Buffer.from('504b030414000600', 'hex'), 'scope.docx')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
  });

  it('refuses a text file renamed to .jpg, with what it is, and writes nothing', () => {
    const before = tableChecksum(core.sqlite);
    expect(() => attachments().add({ jobId, fileName: 'photo.jpg', contentBase64: b64('just some notes\n') })).toThrow(
      '“photo.jpg” cannot be attached: its name says a JPEG photo, but it contains text. Check that you picked the right file.',
    );
    expect(() =>
      attachments().add({ jobId, fileName: 'scan.pdf', mimeType: 'application/pdf', contentBase64: b64(IPHONE_HEIC) }),
    ).toThrow('its name says a PDF, but it is a HEIC photo');
    expect(tableChecksum(core.sqlite)).toBe(before);
  });

  it('refuses a zip that is not Word or Excel, and binary content of no allowed kind', () => {
    expect(() => sniffAttachmentType(Buffer.from('504b030414000600', 'hex'), 'photos.zip')).toThrow(
      'it is a zip archive, not a Word or Excel file',
    );
    expect(() => sniffAttachmentType(Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0]), 'tool.exe')).toThrow(
      'it is not one of the kinds that can be attached (PDF, JPEG, PNG, HEIC, text, CSV, Word or Excel)',
    );
  });
});

describe('an attachment after it is added', () => {
  it('reads back byte for byte, under its name and type (to save a copy)', () => {
    const added = attachments().add({ jobId, fileName: 'IMG_7.heic', contentBase64: b64(IPHONE_HEIC) });
    expect(attachments().read(added.id)).toEqual({
      fileName: 'IMG_7.heic',
      mimeType: 'image/heic',
      contentBase64: b64(IPHONE_HEIC),
    });
  });

  it('opens a copy under its own name in opened-attachments/ through the host, or says the host cannot', async () => {
    const added = attachments().add({ jobId, fileName: 'plan.pdf', contentBase64: b64('%PDF-1.4\n') });
    const asked: string[] = [];
    const result = await attachments(async (file) => {
      asked.push(file);
      return true;
    }).open(added.id);
    expect(result).toEqual({ opened: true, canOpen: true });
    expect(asked).toHaveLength(1);
    expect(asked[0]!.startsWith(path.resolve(openedAttachmentsDir(core.dataDir)) + path.sep)).toBe(true);
    expect(path.basename(asked[0]!)).toBe('plan.pdf');
    expect(fs.readFileSync(asked[0]!, 'latin1')).toBe('%PDF-1.4\n');
    expect(await attachments().open(added.id)).toEqual({ opened: false, canOpen: false });
  });

  it('is removed with its copy', () => {
    const added = attachments().add({ jobId, fileName: 'old.txt', contentBase64: b64('old') });
    const file = path.join(
      attachmentsDir(core.dataDir),
      core.sqlite.prepare('SELECT stored_name FROM job_attachments WHERE id = ?').pluck().get(added.id) as string,
    );
    expect(fs.existsSync(file)).toBe(true);
    attachments().remove(added.id);
    expect(fs.existsSync(file)).toBe(false);
    expect(
      jobs()
        .get(jobId)
        .attachments.some((a) => a.id === added.id),
    ).toBe(false);
    expect(() => attachments().read(added.id)).toThrow(/no longer in the app/);
  });
});

describe('the job panel and the customer panel', () => {
  it("gives the job's customer contact, site contact, invoices with payments, and the Ascora link", () => {
    const detail = jobs().get(jobId);
    expect(detail.contact).toEqual({
      customerId,
      name: 'Jane Citizen',
      phoneNumber: '02 9876 5432',
      mobileNumber: '0412 345 678',
      emailAddress: 'jane@example.com.au',
    });
    expect(detail.siteContactName).toBe('Sam on site');
    expect(detail.invoices).toEqual([
      expect.objectContaining({
        invoiceNumber: 'INV-1042',
        totalCents: 110000,
        remainingCents: 70000,
        payments: [expect.objectContaining({ receiptNumber: 'RA-PAY-1', amountCents: 40000 })],
      }),
    ]);
    expect(detail.ascoraUrl).toBe(ASCORA_WEB_SIGN_IN);
  });

  it("lists the customer's jobs and their invoices, newest first, and no one else's", () => {
    const related = createCustomerRelatedService(core).related(customerId);
    expect(related.jobs.map((j) => j.jobNumber)).toEqual(['J1043', 'J1042']);
    expect(related.invoices.map((i) => [i.invoiceNumber, i.totalCents, i.remainingCents])).toEqual([
      ['INV-1042', 110000, 70000],
    ]);
    expect([related.jobCount, related.invoiceCount]).toEqual([2, 1]);
  });
});

describe('Open in Ascora', () => {
  it.each([
    [ASCORA_WEB_SIGN_IN, true],
    ['https://ascora.com.au/', true],
    ['https://app.ascora.com.au/Job/1', true],
    ['http://www.ascora.com.au/login', false],
    ['https://ascora.com.au.evil.example/', false],
    ['https://evilascora.com.au/', false],
    ['https://user:pass@www.ascora.com.au/', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s is allowed: %s', (url, allowed) => {
    expect(isAscoraWebUrl(url)).toBe(allowed);
  });
});
