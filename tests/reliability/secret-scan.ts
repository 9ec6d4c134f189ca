/**
 * Looks for an API key in bytes or text: as itself (UTF-8, as SQLite and the logs store it), as
 * UTF-16 (a string dumped from memory) and base64-encoded (a header or a blob). A hit anywhere is
 * a leak: the key lives only in the OS keychain and in main's memory.
 */
import fs from 'node:fs';
import path from 'node:path';

export function findSecret(content: string | Buffer, secret: string): boolean {
  const haystack = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const needles = [
    Buffer.from(secret, 'utf8'),
    Buffer.from(secret, 'utf16le'),
    Buffer.from(Buffer.from(secret, 'utf8').toString('base64'), 'utf8'),
  ];
  return needles.some((needle) => haystack.includes(needle));
}

/** Every file under a folder (the data folder: database, WAL, backups, attachments) that holds it. */
export function filesHoldingSecret(folder: string, secret: string): string[] {
  const hits: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (findSecret(fs.readFileSync(file), secret)) hits.push(path.relative(folder, file));
  }
  return hits;
}
