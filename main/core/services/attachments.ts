/**
 * Attachments are copied into the app's data folder (Ascora's API has none, so they are local
 * only). The stored name is generated, never the user's file name, and the path is checked to
 * stay inside the attachments folder; the declared type must match the file's first bytes.
 *
 * Each copy is encrypted with the file key when the mirror has one (sealed-files.ts), and plain
 * when it has none (no keychain). Reading, saving, exporting and opening decrypt it; opening with
 * the OS writes a plain copy into opened-attachments/ (removed when the app quits and at the next
 * start), since another program cannot read the encrypted one.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import {
  ALLOWED_ATTACHMENT_TYPES,
  ATTACHMENT_TYPE_NAMES,
  MAX_ATTACHMENT_BYTES,
  type ParsedInputOf,
} from '../../../shared/contract';
import type { JobAttachment } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { ascoraJobs, jobAttachments } from '../db/schema';
import { settleJobLocalWork } from '../sync/queue';
import type { HandlerMap } from '../ipc/types';
import type { Logger } from '../log';
import { OPENED_ATTACHMENTS_FOLDER } from '../paths';
import { makePrivateDir, syncFolderOf, writePrivateFileSync } from '../private-files';
import {
  fileKeySource,
  sealIfKeyed,
  sealPlainFile,
  sealingCopyOf,
  unseal,
  UnsealError,
  type FileKey,
  type SealStep,
  type UnsealFailure,
} from '../sealed-files';

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

/** What a person calls each type, in messages. */
const TYPE_WORDS: Record<AllowedType, string> = {
  'image/jpeg': 'a JPEG photo',
  'image/png': 'a PNG image',
  'image/heic': 'a HEIC photo',
  'application/pdf': 'a PDF',
  'text/plain': 'text',
  'text/csv': 'a CSV file',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'a Word document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'an Excel workbook',
};

/** The types a file's name may claim, by its extension. */
const BY_EXTENSION: Record<string, AllowedType> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.heic': 'image/heic',
  '.heif': 'image/heic',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * HEIF brands an iPhone (and other cameras) writes: heic/heix for HEVC photos, mif1/msf1 for the
 * generic HEIF image and sequence brands some write as the major brand.
 */
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

const startsWith = (bytes: Uint8Array, magic: number[], at = 0) => magic.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');

/** An ISO-BMFF `ftyp` box whose major or a compatible brand is a HEIF one. */
function isHeif(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== 'ftyp') return false;
  const boxSize = Math.min(bytes.length, Buffer.from(bytes.subarray(0, 4)).readUInt32BE(0));
  if (HEIF_BRANDS.has(ascii(bytes, 8, 12))) return true;
  for (let at = 16; at + 4 <= boxSize; at += 4) if (HEIF_BRANDS.has(ascii(bytes, at, at + 4))) return true;
  return false;
}

/** Text: valid UTF-8 (a BOM allowed) with no NUL or other binary control bytes. */
function isText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 64 * 1024);
  if (sample.some((b) => b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b))) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** What the content is, from its first bytes; null when it is none of the allowed kinds. */
function contentKind(bytes: Uint8Array): AllowedType | 'zip' | 'text' | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (isHeif(bytes)) return 'image/heic';
  // Word and Excel files are zip archives; which one it is, its name says.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (isText(bytes)) return 'text';
  return null;
}

/**
 * The file's type, decided by its content (magic bytes), whatever the browser or its name says;
 * a name whose extension claims another type is refused, so a renamed file cannot pass as a photo.
 */
export function sniffAttachmentType(bytes: Uint8Array, fileName: string): AllowedType {
  const extension = path.extname(fileName).toLowerCase();
  const named: AllowedType | undefined = BY_EXTENSION[extension];
  const kind = contentKind(bytes);
  const refuse = (why: string) =>
    new AppError('VALIDATION', `“${displayFileName(fileName)}” cannot be attached: ${why}`);
  if (kind === null) throw refuse(`it is not one of the kinds that can be attached (${ATTACHMENT_TYPE_NAMES}).`);
  let found: AllowedType;
  if (kind === 'zip') {
    if (!named || !['.docx', '.xlsx'].includes(extension))
      throw refuse('it is a zip archive, not a Word or Excel file.');
    found = named;
  } else if (kind === 'text') {
    found = named === 'text/csv' ? 'text/csv' : 'text/plain';
    if (named && named !== found)
      throw refuse(`its name says ${TYPE_WORDS[named]}, but it contains text. Check that you picked the right file.`);
  } else {
    found = kind;
  }
  if (named && named !== found)
    throw refuse(
      `its name says ${TYPE_WORDS[named]}, but it is ${TYPE_WORDS[found]}. Check that you picked the right file.`,
    );
  return found;
}

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

/**
 * The name an attachment is saved, downloaded and exported under: its display name with the
 * extension of the type its content was checked to be. A name whose extension is not that type's
 * (`Invoice-April.bat` holding text) has it replaced (`Invoice-April.txt`), so no program or
 * script extension is ever kept and the file opens as what it is. Trailing dots and spaces, which
 * Windows drops (`x.bat.` runs as x.bat), go first.
 */
export function attachmentFileName(raw: string, mimeType: string): string {
  const shown = displayFileName(raw).replace(/[. ]+$/, '');
  const own = EXTENSIONS[mimeType as AllowedType];
  // A row from a type no longer allowed: no extension a program would run.
  if (!own) return `${shown || 'attachment'}.bin`;
  const extension = path.extname(shown);
  if (BY_EXTENSION[extension.toLowerCase()] === mimeType) return shown;
  const stem = (extension ? shown.slice(0, -extension.length) : shown).replace(/[. ]+$/, '');
  return `${stem || 'attachment'}${own}`;
}

export function attachmentsDir(dataDir: string): string {
  return path.join(dataDir, 'attachments');
}

export function openedAttachmentsDir(dataDir: string): string {
  return path.join(dataDir, OPENED_ATTACHMENTS_FOLDER);
}

/** What a copy is sealed for: its path under the data folder, so it reads back only in its own place. */
function placeOf(root: string, file: string): string {
  return ['attachments', ...path.relative(root, file).split(path.sep)].join('/');
}

/** A write cut off before its rename (`.partial`) or a conversion's copy (`.encrypting`): no row names either. */
const isLeftover = (name: string) => name.endsWith('.partial') || name.endsWith(sealingCopyOf(''));

/**
 * An attachment's content as it was attached, from its copy under `root` (attachmentsDir): throws
 * the file system's error (ENOENT when it is missing) or an UnsealError when it is refused.
 */
export function readAttachmentFile(root: string, file: string, key: FileKey | null): Buffer {
  return unseal(fs.readFileSync(file), key, placeOf(root, file));
}

/** Why a copy was refused, in words for the person, naming the attachment. */
export function refusedCopyMessage(reason: UnsealFailure, name: string): string {
  switch (reason) {
    case 'changed':
      return `The copy of ${name} in the app's data folder was changed or damaged after it was attached, so the app will not use it. Remove it and attach the file again.`;
    case 'not-sealed':
      return `The copy of ${name} in the app's data folder is not the encrypted copy the app made (it was replaced from outside the app), so the app will not use it. Remove it and attach the file again.`;
    case 'no-key':
      return `The copy of ${name} is encrypted with a key this computer's system keychain does not give now, so it cannot be read. Unlock the keychain and restart RestoreAssist Desk, or remove it and attach the file again.`;
    case 'newer-version':
      return `The copy of ${name} was written by a newer version of RestoreAssist Desk. Update the app to read it.`;
  }
}

/**
 * At start, with the data folder's lock held: leftovers of cut-off writes are deleted, plain copies
 * the OS viewer was given last time are removed, and with a key every plain attachment (from before
 * encryption, or from a start without a keychain) is encrypted in place, crash-safely (sealPlainFile).
 * A copy that cannot be converted is left and logged: it is still the person's file.
 */
export function prepareAttachmentFiles(
  dataDir: string,
  key: FileKey | null,
  logger: Logger,
  onStep?: (step: SealStep) => void,
): { encrypted: number } {
  removeOpenedCopies(dataDir, logger);
  const root = path.resolve(attachmentsDir(dataDir));
  if (!fs.existsSync(root)) return { encrypted: 0 };
  let encrypted = 0;
  for (const folder of fs.readdirSync(root, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    let renamedIn: string | null = null;
    for (const entry of fs.readdirSync(path.join(root, folder.name), { withFileTypes: true })) {
      const file = path.join(root, folder.name, entry.name);
      if (!entry.isFile()) continue;
      if (isLeftover(entry.name)) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (!key) continue;
      try {
        if (sealPlainFile(file, key, placeOf(root, file), onStep)) {
          encrypted++;
          renamedIn = file;
        }
      } catch (error) {
        logger.warn('an attachment could not be encrypted', {
          attachment: placeOf(root, file),
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    // One sync makes the folder's renames durable (one per file cost seconds for thousands).
    if (renamedIn) syncFolderOf(renamedIn);
  }
  if (encrypted > 0) logger.info('attachments encrypted', { encrypted });
  return { encrypted };
}

/** The plain copies made for the OS viewer: at quit and at the next start (one a viewer holds open may stay until then). */
export function removeOpenedCopies(dataDir: string, logger: Logger): void {
  try {
    fs.rmSync(openedAttachmentsDir(dataDir), { recursive: true, force: true });
  } catch (error) {
    logger.warn('opened attachment copies not yet removed', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
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

export interface AttachmentDeps {
  /** The host's way to open a file in the OS viewer; absent in the browser host. */
  openFile?: (file: string) => Promise<boolean>;
}

export function createAttachmentService(ctx: CoreContext, deps: AttachmentDeps = {}) {
  const fileKey = fileKeySource(ctx.databaseKey);

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
    const mimeType = sniffAttachmentType(bytes, input.fileName);

    const root = path.resolve(attachmentsDir(ctx.dataDir));
    const folder = path.join(root, String(job.id));
    const storedName = `${job.id}/${randomUUID()}${EXTENSIONS[mimeType]}`;
    const target = path.resolve(root, storedName);
    if (!target.startsWith(root + path.sep)) throw new AppError('VALIDATION', 'The file could not be stored.');
    // The owner's alone: folders 0700, files 0600 (private-files.ts).
    makePrivateDir(root);
    makePrivateDir(folder);
    const temporary = `${target}.partial`;
    writePrivateFileSync(temporary, sealIfKeyed(bytes, fileKey(), placeOf(root, target)));
    fs.renameSync(temporary, target);

    try {
      const row = ctx.db.transaction((tx) => {
        const inserted = tx
          .insert(jobAttachments)
          .values({
            jobId: job.id,
            // Shown to the user only; never used as a path.
            fileName: attachmentFileName(input.fileName, mimeType),
            mimeType,
            sizeBytes: bytes.length,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            storedName,
            createdAt: isoNow(ctx.clock),
          })
          .returning()
          .get();
        // Only here, not yet entered in Ascora: the job says so (queue.ts).
        settleJobLocalWork(tx, job.id);
        return inserted;
      });
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

  /** The attachment's row and its copy's path, checked to be inside the attachments folder. */
  function stored(attachmentId: number) {
    const row = ctx.db.select().from(jobAttachments).where(eq(jobAttachments.id, attachmentId)).get();
    if (!row) throw new AppError('NOT_FOUND', 'That attachment is no longer in the app. Refresh the job.');
    const root = path.resolve(attachmentsDir(ctx.dataDir));
    const file = path.resolve(root, row.storedName);
    if (!file.startsWith(root + path.sep)) throw new AppError('INTERNAL', 'The attachment could not be found.');
    return { row, file, root };
  }

  /** Its content as attached: decrypted and checked, or a message saying why not. */
  function contentOf(attachmentId: number) {
    const { row, file, root } = stored(attachmentId);
    try {
      return { row, file, bytes: readAttachmentFile(root, file, fileKey()) };
    } catch (error) {
      if (error instanceof UnsealError) {
        ctx.logger.warn('attachment copy refused', { attachmentId, reason: error.reason });
        throw new AppError('STORAGE', refusedCopyMessage(error.reason, displayFileName(row.fileName)));
      }
      throw new AppError(
        'NOT_FOUND',
        `The copy of ${displayFileName(row.fileName)} is missing from the app's data folder. Remove it and attach the file again.`,
      );
    }
  }

  function read(attachmentId: number) {
    const { row, bytes } = contentOf(attachmentId);
    return {
      // Again here: rows stored before the rule kept the name as given.
      fileName: attachmentFileName(row.fileName, row.mimeType),
      mimeType: row.mimeType,
      contentBase64: bytes.toString('base64'),
    };
  }

  /**
   * In the OS viewer where the host can (Electron); the browser host downloads it instead. The
   * viewer gets a plain copy under the attachment's own name, in a folder of its own in
   * opened-attachments/ (a copy still open from before is never written over).
   */
  async function open(attachmentId: number) {
    const { row, file } = stored(attachmentId);
    if (!deps.openFile) return { opened: false, canOpen: false };
    // The OS picks the program by the extension: only the one of the type the content was checked to be.
    if (path.extname(file).toLowerCase() !== EXTENSIONS[row.mimeType as AllowedType]) {
      ctx.logger.warn('attachment not opened: its copy has another extension than its type', { attachmentId });
      return { opened: false, canOpen: true };
    }
    const { bytes } = contentOf(attachmentId);
    const folder = path.join(openedAttachmentsDir(ctx.dataDir), randomUUID());
    makePrivateDir(openedAttachmentsDir(ctx.dataDir));
    makePrivateDir(folder);
    const copy = path.join(folder, attachmentFileName(row.fileName, row.mimeType));
    writePrivateFileSync(copy, bytes);
    const opened = await deps.openFile(copy);
    if (!opened) ctx.logger.warn('attachment could not be opened', { attachmentId });
    return { opened, canOpen: true };
  }

  /** Attachments never leave the app (Ascora's API has none), so each one may be removed. */
  function remove(attachmentId: number) {
    const { row, file } = stored(attachmentId);
    ctx.db.transaction((tx) => {
      tx.delete(jobAttachments).where(eq(jobAttachments.id, attachmentId)).run();
      settleJobLocalWork(tx, row.jobId);
    });
    fs.rmSync(file, { force: true });
    ctx.events.emit('record.changed', { entity: 'job', ids: [row.jobId] });
    return { removed: true as const };
  }

  const handlers = {
    'jobs.addAttachment': (input) => add(input),
    'jobs.readAttachment': ({ attachmentId }) => read(attachmentId),
    'jobs.openAttachment': ({ attachmentId }) => open(attachmentId),
    'jobs.removeAttachment': ({ attachmentId }) => remove(attachmentId),
  } satisfies HandlerMap;
  return { add, read, open, remove, handlers };
}
