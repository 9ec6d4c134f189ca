import { describe, expect, it } from 'vitest';
import { exportAll, toCsv } from './csv';

describe('CSV export', () => {
  it('quotes what needs quoting and keeps plain cells plain', () => {
    expect(
      toCsv(
        ['Job', 'Customer'],
        [
          ['J100', 'Smith, J "Jo"'],
          ['J101', 'line\nbreak'],
          ['J102', null],
        ],
      ),
    ).toBe('Job,Customer\r\nJ100,"Smith, J ""Jo"""\r\nJ101,"line\nbreak"\r\nJ102,');
  });

  // [what, the cell, neutralised?]: every cell goes through toCsv, from Ascora or typed here.
  it.each([
    ['equals', '=1+1', true],
    ['plus', '+61 2 9876 5432', true],
    ['minus', '-5', true],
    ['at', '@SUM(A1)', true],
    ['tab first', '\t=1+1', true],
    ['tab alone first', '\tplain', true],
    ['CR first', '\rplain', true],
    ['LF first', '\nplain', true],
    ['NUL first', '\0=1+1', true],
    ['spaces then equals', '  =1+1', true],
    ['no-break and ideographic spaces then plus', '\u00a0\u3000+1', true],
    ['full-width equals', '\uFF1D1+1', true],
    ['full-width plus', '\uFF0B1', true],
    ['full-width minus', '\uFF0D1', true],
    ['full-width at', '\uFF20SUM(A1)', true],
    ['spaces then full-width equals', ' \uFF1DHYPERLINK("http://x")', true],
    ['plain words', 'Water damage, kitchen', false],
    ['formula character later', 'Smith = Jones', false],
    ['a number', 42, false],
    ['empty', '', false],
    ['null', null, false],
  ] as const)('%s: %j, neutralised %s', (_what, value, neutralised) => {
    const line = toCsv(['Note'], [[value]])
      .split('\r\n')
      .slice(1)
      .join('\r\n');
    // A NUL is taken out of every cell (shared/display-text.ts), then the rest is neutralised.
    const text = value === null ? '' : String(value).replace(/\0/g, '');
    if (neutralised) expect(line).toBe(`"'${text.replace(/"/g, '""')}"`);
    else expect(line.replace(/^"|"$/g, '').replace(/""/g, '"')).toBe(text);
  });

  it('quotes a cell with a semicolon or a tab, which a spreadsheet in another locale splits on', () => {
    expect(toCsv(['Note'], [['abc;def'], ['tab\there'], ['plain']])).toBe('Note\r\n"abc;def"\r\n"tab\there"\r\nplain');
  });

  it('neutralises a formula at the start of any line of a cell, not only the first', () => {
    expect(toCsv(['Note'], [['abc;\n=2+3'], ['one\r\n  +61 2\rtwo\n@SUM(A1)'], ['\n=1+1']])).toBe(
      `Note\r\n"abc;\n'=2+3"\r\n"one\r\n'  +61 2\rtwo\n'@SUM(A1)"\r\n"'\n'=1+1"`,
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
    const all = await exportAll(
      async (cursor) => pages[cursor ?? 'start']!,
      (done) => progress.push(done),
    );
    expect(all).toEqual([1, 2, 3, 4, 5]);
    expect(progress).toEqual([2, 4, 5]);
  });
});
