import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';
import { plainRecord, plainText } from './display-text';

describe("Ascora's text as it is shown and exported", () => {
  it('takes out the right-to-left override that makes a name read as another', () => {
    expect(plainText('In Progress\u202Egnp.exe')).toBe('In Progressgnp.exe');
  });

  it.each([
    ['left-to-right embedding and pop', 'a\u202Ab\u202Cc', 'abc'],
    ['right-to-left embedding', 'a\u202Bb', 'ab'],
    ['left-to-right override', 'a\u202Db', 'ab'],
    ['isolates', '\u2066a\u2067b\u2068c\u2069', 'abc'],
    ['NUL, bell, backspace, escape, delete', 'a\u0000b\u0007c\u0008d\u001Be\u007Ff', 'abcdef'],
    ['C1 controls', 'a\u0085b\u009Bc', 'abc'],
    ['vertical tab and form feed', 'a\u000Bb\u000Cc', 'abc'],
  ])('takes out %s', (_what, given, shown) => {
    expect(plainText(given)).toBe(shown);
  });

  it.each([
    ['Arabic with a right-to-left mark', 'شركة الترميم\u200F 24'],
    ['Hebrew with a left-to-right mark', 'שיקום\u200E ABC'],
    ['Arabic letter mark', 'a\u061Cb'],
    ['Chinese, Japanese, Korean', '修复公司 株式会社 복원'],
    ['Devanagari with a zero-width joiner', 'क्\u200Dष'],
    ['an emoji family (zero-width joiners)', '👩\u200D🔧 Renée Müller 🏠'],
    ['Māori macrons and combining marks', 'Ōtautahi e\u0301cole'],
    ['tab and line breaks in a note', 'First line\r\nSecond\tline\n'],
  ])('keeps %s exactly', (_what, text) => {
    expect(plainText(text)).toBe(text);
  });

  it('copies a record with every string in it shown plainly, leaving the rest as it is', () => {
    const job = {
      id: 7,
      jobName: 'Invoice\u202Etxt.exe',
      totalCents: 1200,
      paid: false,
      completedDate: null,
      contact: { name: 'Jo\u202E Smith', phones: ['0400\u0000 000 000'] },
    };
    expect(plainRecord(job)).toEqual({
      id: 7,
      jobName: 'Invoicetxt.exe',
      totalCents: 1200,
      paid: false,
      completedDate: null,
      contact: { name: 'Jo Smith', phones: ['0400 000 000'] },
    });
    // The record loaded is left as it came (it may be the base of an edit).
    expect(job.jobName).toBe('Invoice\u202Etxt.exe');
  });

  it('leaves a record with nothing to take out as it is, the same object (a list holds its rows once)', () => {
    const row = { id: 8, jobName: 'Water damage – 35 George St', tags: ['mould'], contact: { name: 'Renée' } };
    expect(plainRecord(row)).toBe(row);
    const rows = [row, { ...row, jobName: 'a\u202Eb' }];
    const shown = plainRecord(rows);
    expect(shown[0]).toBe(row);
    expect(shown[1]).not.toBe(rows[1]);
    expect(shown[1]!.contact).toBe(row.contact);
  });

  it('does not follow a value nested deeper than any record shown, however deep it goes', () => {
    let deep: unknown = 'x\u202E';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const shown = plainRecord({ name: 'a\u202Eb', deep });
    expect(shown.name).toBe('ab');
  });

  it('exports a CSV cell without the override', () => {
    expect(toCsv(['Status'], [['In Progress\u202Egnp.exe']])).toBe('Status\r\nIn Progressgnp.exe');
  });
});
