/**
 * Splits the files of one import into calls that each stay under `maxChars` of base64, keeping
 * their order, so a selection larger than one request body (the browser host's 16 MB) is still
 * imported whole. A file larger than `maxChars` by itself goes alone: main refuses it per file.
 */
export function importBatches<T extends { contentBase64: string }>(files: T[], maxChars: number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const file of files) {
    if (current.length > 0 && size + file.contentBase64.length > maxChars) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(file);
    size += file.contentBase64.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
