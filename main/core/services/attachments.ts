/**
 * Attachments are copied into the app's data folder (Ascora's API has none, so they are local
 * only). The stored name is generated, never the user's file name, and the path is checked to
 * stay inside the attachments folder; the declared type must match the file's first bytes.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, type ParsedInputOf } from '../../../shared/contract';
import type { JobAttachment } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { ascoraJobs, jobAttachments } from '../db/schema';
import type { HandlerMap } from '../ipc/types';
import { makePrivateDir, writePrivateFileSync } from '../private-files';

type AllowedType = (typeof ALLOWED_ATTACHMENT_TYPES)[number];

const EXTENSIONS: Record<AllowedType, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/heic': '.heic',
  'application/pdf': '.pdf',
  'text/plain': '.txt',
  'text/csv': '.csv',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
};

/** The first bytes each binary type must start with, so a renamed file cannot pass as another. */
const MAGIC: Partial<Record<AllowedType, number[]>> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46],
  'image/png': [0x89, 0x50, 0x4e, 0x47],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': [0x50, 0x4b, 0x03, 0x04],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': [0x50, 0x4b, 0x03, 0x04],
};

/**
 * Control characters (C0, DEL, C1) and the bidirectional marks, embeddings, overrides and isolates
 * (U+200E/F, U+061C, U+202A-U+202E, U+2066-U+2069). An override shows
 * "invoice\u202Efdp.exe" as "invoiceexe.pdf"; controls break the line or hide in it.
 */
const UNSAFE_IN_NAMES = /[\p{Cc}\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/gu;

/**
 * The name shown for an attachment: the last part of what the user's file was called, without
 * the characters above. Applied when stored and again when shown (rows stored before this rule).
 */
export function displayFileName(raw: string): string {
  const base = path.basename(raw.replace(UNSAFE_IN_NAMES, '').replace(/\\/g, '/')).trim();
  return base.slice(0, 255) || 'attachment';
}

export function attachmentsDir(dataDir: string): string {
  return path.join(dataDir, 'attachments');
}

/**
 * Removes the attachment folders (attachments/<job id>/) of these jobs, with anything in them,
 * half-written copies included. Reads the folder once rather than probing every job id.
 */
export function removeAttachmentFolders(dataDir: string, jobIds: Iterable<number>): number {
  const root = path.resolve(attachmentsDir(dataDir));
  if (!fs.existsSync(root)) return 0;
  const ids = new Set(jobIds);
  let removed = 0;
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || !/^\d+$/.test(entry.name) || !ids.has(Number(entry.name))) continue;
    fs.rmSync(path.join(root, entry.name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

export function createAttachmentService(ctx: CoreContext) {
  function add(input: ParsedInputOf<'jobs.addAttachment'>): JobAttachment {
    const job = ctx.db.select({ id: ascoraJobs.id }).from(ascoraJobs).where(eq(ascoraJobs.id, input.jobId)).get();
    if (!job) throw new AppError('NOT_FOUND', 'That job is no longer in the app. Refresh the list.');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.contentBase64) || input.contentBase64.length % 4 !== 0) {
      throw new AppError('VALIDATION', 'The file could not be read. Pick it again.');
    }
    const bytes = Buffer.from(input.contentBase64, 'base64');
    if (bytes.length === 0) throw new AppError('VALIDATION', 'The file is empty.');
    if (bytes.length > MAX_ATTACHMENT_BYTES)
      throw new AppError(
        'VALIDATION',
        `The file is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB. Attach a smaller one.`,
      );
    const magic = MAGIC[input.mimeType];
    if (magic && !magic.every((b, i) => bytes[i] === b)) {
      throw new AppError(
        'VALIDATION',
        `The file's content is not a ${EXTENSIONS[input.mimeType].slice(1).toUpperCase()} file. Check that you picked the right file.`,
      );
    }

    const root = path.resolve(attachmentsDir(ctx.dataDir));
    const folder = path.join(root, String(job.id));
    const storedName = `${job.id}/${randomUUID()}${EXTENSIONS[input.mimeType]}`;
    const target = path.resolve(root, storedName);
    if (!target.startsWith(root + path.sep)) throw new AppError('VALIDATION', 'The file could not be stored.');
    // The owner's alone: folders 0700, files 0600 (private-files.ts).
    makePrivateDir(root);
    makePrivateDir(folder);
    const temporary = `${target}.partial`;
    writePrivateFileSync(temporary, bytes);
    fs.renameSync(temporary, target);

    try {
      const row = ctx.db
        .insert(jobAttachments)
        .values({
          jobId: job.id,
          // Shown to the user only; never used as a path.
          fileName: displayFileName(input.fileName),
          mimeType: input.mimeType,
          sizeBytes: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          storedName,
          createdAt: isoNow(ctx.clock),
        })
        .returning()
        .get();
      ctx.events.emit('record.changed', { entity: 'job', ids: [job.id] });
      return {
        id: row.id,
        fileName: row.fileName,
        mimeType: row.mimeType,
        sizeBytes: row.sizeBytes,
        createdAt: row.createdAt,
      };
    } catch (error) {
      fs.rmSync(target, { force: true });
      throw error;
    }
  }

  const handlers: HandlerMap = { 'jobs.addAttachment': (input) => add(input) };
  return { add, handlers };
}
