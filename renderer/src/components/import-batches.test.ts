import { describe, expect, it } from 'vitest';
import { MAX_REPORT_CALL_BASE64_CHARS } from '../../../shared/contract';
import { importBatches } from './import-batches';

const file = (name: string, chars: number) => ({ fileName: name, contentBase64: 'A'.repeat(chars) });

describe('importBatches', () => {
  it('sends a selection larger than one request body in several calls, in order, none over the limit', () => {
    const mb = 1024 * 1024;
    // Eight 5 MB reports (6.7 MB in base64 each): 53 MB, more than the host's 16 MB body.
    const files = Array.from({ length: 8 }, (_, i) => file(`report-${i}.json`, Math.ceil((5 * mb) / 3) * 4));
    const batches = importBatches(files, MAX_REPORT_CALL_BASE64_CHARS);
    expect(batches.flat().map((f) => f.fileName)).toEqual(files.map((f) => f.fileName));
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) {
      expect(batch.reduce((sum, f) => sum + f.contentBase64.length, 0)).toBeLessThanOrEqual(
        MAX_REPORT_CALL_BASE64_CHARS,
      );
      // JSON of the call: the base64 plus names and punctuation, well under 16 MB.
      expect(JSON.stringify({ files: batch }).length).toBeLessThan(16 * mb);
    }
  });

  it('keeps small files together in one call and gives an oversized file its own', () => {
    expect(importBatches([file('a', 10), file('b', 10), file('c', 10)], 100).map((b) => b.length)).toEqual([3]);
    expect(
      importBatches([file('a', 10), file('big', 500), file('c', 10)], 100).map((b) => b.map((f) => f.fileName)),
    ).toEqual([['a'], ['big'], ['c']]);
  });
});
