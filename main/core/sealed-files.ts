/**
 * The files the app keeps beside the mirror that hold customer data (attachments, the demo's saved
 * Ascora), encrypted at rest like the mirror (issue 22). AES-256-GCM from node:crypto: a random
 * 12-byte nonce per file (each write is a new file, so a nonce is never reused under a key), and
 * the 16-byte tag checked before any byte is given back: a file changed on disk is refused, never
 * read as other content.
 *
 * The key is derived from the database key with HKDF-SHA256 (a label of its own, so the database's
 * raw key is never used with another cipher) rather than kept as a second keychain entry: one key
 * per data folder to look up, create, lose or renew. Renewing the database key on the last wipe
 * renews this one with it; by then every attachment has gone with its connection (and the wipe
 * deletes the attachments folder too), and the demo's state with the demo.
 *
 * On disk: `RADESK\0` (7 bytes), a version byte (1), the nonce, the ciphertext, the tag. The
 * header and the file's place (its path under the data folder) are the associated data, so a copy
 * moved to another attachment's place is refused too. One buffer per file: attachments are capped
 * at MAX_ATTACHMENT_BYTES (10 MB) by the contract and arrive whole over IPC; a chunked format for
 * larger files would be version 2. No allowed attachment kind (nor JSON) can begin with the magic:
 * text may hold no NUL, and every binary kind has its own first bytes.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { DatabaseKey } from './db/connection';
import { syncFile, writePrivateFileSync } from './private-files';

/** 32 bytes, derived from the database key (fileKeyFor); never stored. */
export type FileKey = Buffer;

const MAGIC = Buffer.from('RADESK\0', 'latin1');
const VERSION = 1;
const HEADER_BYTES = MAGIC.length + 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_LABEL = 'RestoreAssist Desk files v1';

export function fileKeyFor(databaseKey: DatabaseKey): FileKey {
  return Buffer.from(hkdfSync('sha256', databaseKey, Buffer.alloc(0), KEY_LABEL, 32));
}

/** The file key now, or null when the mirror is plain (no keychain): files stay plain with it. */
export type FileKeySource = () => FileKey | null;

export function fileKeySource(databaseKey: (() => DatabaseKey | null) | undefined): FileKeySource {
  return () => {
    const key = databaseKey?.() ?? null;
    return key ? fileKeyFor(key) : null;
  };
}

/** Whether these bytes are a sealed file (of any version). */
export function isSealed(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && Buffer.from(bytes.buffer, bytes.byteOffset, MAGIC.length).equals(MAGIC);
}

/** Reads only the first bytes: a start checks every attachment, and most are sealed already. */
function startsSealed(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(MAGIC.length);
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && isSealed(head);
  } finally {
    fs.closeSync(fd);
  }
}

const associatedData = (header: Buffer, place: string) => Buffer.concat([header, Buffer.from(place, 'utf8')]);

/** `place` names where the file belongs (its path under the data folder, '/' between parts). */
export function seal(plain: Uint8Array, key: FileKey, place: string): Buffer {
  const header = Buffer.concat([MAGIC, Buffer.from([VERSION])]);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(associatedData(header, place));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([header, nonce, body, cipher.getAuthTag()]);
}

/** Why a file's bytes were not given back; each says what happened in words a person can act on. */
export type UnsealFailure = 'changed' | 'newer-version' | 'no-key' | 'not-sealed';

export class UnsealError extends Error {
  constructor(readonly reason: UnsealFailure) {
    super(`sealed file refused: ${reason}`);
    this.name = 'UnsealError';
  }
}

/**
 * The plain bytes of a file as kept on disk: with a key, only a sealed file that authenticates
 * (a plain one where a sealed one belongs was put there from outside: at start every plain file
 * is converted); without one, only a plain file.
 */
export function unseal(stored: Buffer, key: FileKey | null, place: string): Buffer {
  const sealed = isSealed(stored);
  if (!key) {
    if (sealed) throw new UnsealError('no-key');
    return stored;
  }
  if (!sealed) throw new UnsealError('not-sealed');
  if (stored.length < HEADER_BYTES + NONCE_BYTES + TAG_BYTES) throw new UnsealError('changed');
  if (stored[MAGIC.length] !== VERSION) throw new UnsealError('newer-version');
  const header = stored.subarray(0, HEADER_BYTES);
  const nonce = stored.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
  const tag = stored.subarray(stored.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(associatedData(header, place));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(stored.subarray(HEADER_BYTES + NONCE_BYTES, -TAG_BYTES)), decipher.final()]);
  } catch {
    throw new UnsealError('changed');
  }
}

/** How a file is kept: sealed with the key, plain without one. */
export const sealIfKeyed = (plain: Uint8Array, key: FileKey | null, place: string): Uint8Array =>
  key ? seal(plain, key, place) : plain;

/** The file a conversion writes beside the plain one before replacing it. */
export const sealingCopyOf = (file: string): string => `${file}.encrypting`;

/** Test seam: the conversion test stops at each of these points, as a crash would. */
export type SealStep = 'written' | 'verified' | 'replaced';

/**
 * Encrypts a plain file in place so that a crash at any point leaves the plain file whole or the
 * sealed one whole: the sealed copy is written beside it, synced, read back and opened (its bytes
 * compared with the original's), then one rename replaces the original. A sealed file is left as
 * it is. Returns whether it converted; the caller syncs the folder (once for a folder of them:
 * until then a crash may undo the rename, leaving the plain file, which the next start converts).
 */
export function sealPlainFile(
  file: string,
  key: FileKey,
  place: string,
  onStep: (step: SealStep) => void = () => {},
): boolean {
  if (startsSealed(file)) return false;
  const plain = fs.readFileSync(file);
  const copy = sealingCopyOf(file);
  writePrivateFileSync(copy, seal(plain, key, place));
  syncFile(copy);
  onStep('written');
  if (!unseal(fs.readFileSync(copy), key, place).equals(plain))
    throw new Error('the encrypted copy does not read back as the original');
  onStep('verified');
  fs.renameSync(copy, file);
  onStep('replaced');
  return true;
}
