import { describe, expect, it } from 'vitest';
import { exportAll, toCsv } from './csv';

describe('CSV export', () => {
  it('quotes what needs quoting and keeps plain cells plain', () => {
    expect(toCsv(['Job', 'Customer'], [['J100', 'Smith, J "Jo"'], ['J101', 'line\nbreak'], ['J102', null]])).toBe(
      'Job,Customer\r\nJ100,"Smith, J ""Jo"""\r\nJ101,"line\nbreak"\r\nJ102,',
    );
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(toCsv(['Note'], [['=HYPERLINK("http://x")'], ['+61 2 9876 5432'], ['-5'], ['@SUM(A1)']])).toBe(
      `Note\r\n"'=HYPERLINK(""http://x"")"\r\n"'+61 2 9876 5432"\r\n"'-5"\r\n"'@SUM(A1)"`,
    );
  });

  it('fetches every page of the current view through the cursor, reporting progress', async () => {
    const pages: Record<string, { rows: number[]; nextCursor: string | null; total: number }> = {
      start: { rows: [1, 2], nextCursor: 'b', total: 5 },
      b: { rows: [3, 4], nextCursor: 'c', total: 5 },
      c: { rows: [5], nextCursor: null, total: 5 },
    };
    const progress: number[] = [];
    const all = await exportAll(async (cursor) => pages[cursor ?? 'start']!, (done) => progress.push(done));
    expect(all).toEqual([1, 2, 3, 4, 5]);
    expect(progress).toEqual([2, 4, 5]);
  });
});
