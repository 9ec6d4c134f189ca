import { describe, expect, it } from 'vitest';
import { plural, sentenceCase } from './format';

describe('labels as the UI shows them', () => {
  it('capitalises the first letter of a stored word and spells out underscores', () => {
    expect(sentenceCase('success')).toBe('Success');
    expect(sentenceCase('water')).toBe('Water');
    expect(sentenceCase('local_only')).toBe('Local only');
    // The rest is kept as it was: a proper name or an acronym inside stays.
    expect(sentenceCase('sent to Ascora GST')).toBe('Sent to Ascora GST');
    expect(sentenceCase('')).toBe('');
    expect(sentenceCase(null)).toBe('');
  });

  it('puts the noun in the number of its count', () => {
    expect(plural(1, 'change')).toBe('1 change');
    expect(plural(0, 'change')).toBe('0 changes');
    expect(plural(3, 'change')).toBe('3 changes');
    expect(plural(1204, 'job')).toBe('1,204 jobs');
    expect(plural(2, 'person', 'people')).toBe('2 people');
  });
});
