import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { plainProblems } from './plain-words';

const form = z.strictObject({
  name: z.string().trim().min(1).max(100),
  apiKey: z.string().min(8),
  tags: z.array(z.string()).max(2),
  amount: z.number().positive(),
  email: z.email(),
  kind: z.enum(['Water', 'Fire']),
  postcode: z.string().regex(/^\d{4}$/, 'A postcode has four digits.'),
});

describe('validation problems in plain words', () => {
  it("rewrites zod's wording with the field's label, keeps a schema's own sentence, and lists every problem", () => {
    const parsed = form.safeParse({
      name: 'x'.repeat(101),
      apiKey: 'short',
      tags: ['a', 'b', 'c'],
      amount: 0,
      email: 'nope',
      kind: 'Mould',
      postcode: '20',
    });
    expect(parsed.success).toBe(false);
    expect(plainProblems(parsed.error!.issues, { name: 'Name' })).toEqual([
      { path: 'name', message: 'Name can be at most 100 characters.' },
      { path: 'apiKey', message: 'API key needs at least 8 characters.' },
      { path: 'tags', message: 'Tags can have at most 2 items.' },
      { path: 'amount', message: 'Amount must be more than 0.' },
      { path: 'email', message: 'Email must be an email address, such as name@example.com.' },
      { path: 'kind', message: 'Kind must be one of: Water, Fire.' },
      { path: 'postcode', message: 'A postcode has four digits.' },
    ]);
  });

  it('says a missing or empty required field is required', () => {
    const parsed = form.pick({ name: true, email: true }).safeParse({ name: '  ' });
    expect(plainProblems(parsed.error!.issues)).toEqual([
      { path: 'name', message: 'Name is required.' },
      { path: 'email', message: 'Email is required.' },
    ]);
  });
});
