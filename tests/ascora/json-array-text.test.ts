/**
 * GetInvoicesToSend's one long answer is kept as bytes and parsed an invoice at a time
 * (ascora/json-array-text.ts). Its scan must find exactly the elements JSON.parse would, whatever
 * the strings hold, and refuse a body that is not one whole array (cut off, or with more after it).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createAscoraClient } from '../../main/core/ascora/client';
import { AscoraError } from '../../main/core/ascora/errors';
import { jsonArrayText } from '../../main/core/ascora/json-array-text';

const scan = (text: string) => jsonArrayText(Buffer.from(text));
const elements = (text: string) => {
  const found = scan(text);
  if (!found) return null;
  return Array.from({ length: found.length }, (_, i) => found.element(i));
};

describe('a JSON array kept as bytes', () => {
  it('finds the same elements JSON.parse does, strings with brackets, commas, quotes and escapes included', () => {
    const value = [
      { id: 'a', note: 'brackets ] } [ { and, commas', lines: [{ q: 1 }, { q: [2, 3] }] },
      { id: 'b', note: 'a "quoted" word, a back\\slash\\ and \\" after it' },
      { id: 'c', note: 'Wasser 💧 – Ōtautahi, tab\tand newline\n, NUL\u0000' },
      'a bare string, with a comma',
      42,
      null,
      [],
      {},
    ];
    expect(elements(JSON.stringify(value))).toEqual(value);
    expect(elements(JSON.stringify(value, null, 2))).toEqual(value);
    expect(elements(' \n[ ]\n ')).toEqual([]);
    expect(elements(`\ufeff${JSON.stringify(value)}`)).toEqual(value);
  });

  it('refuses a body that is not one whole array', () => {
    const whole = JSON.stringify([{ id: 'a' }, { id: 'b', note: 'x]' }]);
    for (const cut of [whole.length - 1, whole.length - 3, whole.indexOf('x') + 1, 1]) {
      expect(scan(whole.slice(0, cut)), whole.slice(0, cut)).toBeNull();
    }
    expect(scan(`${whole} []`)).toBeNull();
    expect(scan('{"results": []}')).toBeNull();
    expect(scan('[1,,2]')).toBeNull();
    expect(scan('[1,]')).toBeNull();
    expect(scan('[,1]')).toBeNull();
    expect(scan('[1]]')).toBeNull();
  });

  it('leaves an element that is not JSON by itself to its parse, and lets go of the text when released', () => {
    const found = scan('[{"id": "a"}, {"id": tru}, 3]')!;
    expect(found.length).toBe(3);
    expect(found.element(0)).toEqual({ id: 'a' });
    expect(() => found.element(1)).toThrow(SyntaxError);
    expect(found.element(2)).toBe(3);
    found.release();
    expect(() => found.element(0)).toThrow(/released/);
  });
});

async function serving(body: string, run: (baseUrl: string) => Promise<void>): Promise<void> {
  const server = http.createServer((_req, res) => res.end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.close();
  }
}

const invoice = (id: string) => ({
  id,
  invoiceNumber: `INV-${id}`,
  invoiceDate: '2026-12-01T00:00:00',
  jobId: null,
  invoiceLines: [],
});

/** `text`'s bytes cut at `cuts` (byte offsets), as a socket may deliver them. */
const cutAt = (text: string, cuts: number[]) => {
  const bytes = Buffer.from(text);
  const at = [0, ...cuts, bytes.length];
  return at.slice(1).map((end, i) => bytes.subarray(at[i], end));
};
const all = (found: ReturnType<typeof jsonArrayText>) =>
  found && Array.from({ length: found.length }, (_, i) => found.element(i));

describe('a JSON array kept as the chunks it came in', () => {
  const value = [
    { id: 'a', note: 'a "quoted" word, a back\\slash and \\" after it', lines: [{ q: [1, 2] }] },
    { id: 'b', note: 'Wasser 💧 – Ōtautahi' },
    'a bare string, with a comma ] }',
    42,
  ];
  const text = `\ufeff ${JSON.stringify(value, null, 1)} `;

  it('finds the same elements wherever the chunks are cut: mid-escape, mid-character, mid-mark', () => {
    const length = Buffer.byteLength(text);
    for (let cut = 1; cut < length; cut++)
      expect(all(jsonArrayText(cutAt(text, [cut]))), `cut at ${cut}`).toEqual(value);
    // A byte a time, as a trickled answer comes.
    expect(
      all(
        jsonArrayText(
          cutAt(
            text,
            Array.from({ length: length - 1 }, (_, i) => i + 1),
          ),
        ),
      ),
    ).toEqual(value);
    // Cut off, in chunks, is still refused.
    expect(jsonArrayText(cutAt(text, [10, 20]).slice(0, 2))).toBeNull();
  });

  it('lets go of each chunk once every element in it was taken, and keeps those still to be taken', () => {
    const elements = ['{"id":"a"}', '{"id":"b"}', '{"id":"c"}'];
    const body = `[${elements.join(',')}]`;
    // One chunk per element (its comma or bracket with it), the last one shared with the bracket.
    const found = jsonArrayText(cutAt(body, [1 + elements[0]!.length + 1, 1 + 2 * (elements[0]!.length + 1)]))!;
    expect(found.element(0)).toEqual({ id: 'a' });
    found.releaseBefore(1);
    expect(() => found.element(0)).toThrow(/released/);
    expect(found.element(1)).toEqual({ id: 'b' });
    found.releaseBefore(2);
    expect(() => found.element(1)).toThrow(/released/);
    expect(found.element(2)).toEqual({ id: 'c' });
  });
});

describe("the client's invoices to send", () => {
  it('isolates an invoice that is not JSON by itself and gives the others', async () => {
    const body = `[${JSON.stringify(invoice('a'))}, {"id": "b", "invoiceNumber": tru}, ${JSON.stringify(invoice('c'))}]`;
    await serving(body, async (baseUrl) => {
      const answer = await createAscoraClient({ baseUrl, apiKey: 'k' }).invoicesToSend('2100-01-01');
      expect(answer.total).toBe(3);
      const batch = answer.next(10)!;
      expect(batch.records.map((r) => r.value.id)).toEqual(['a', 'c']);
      expect(batch.invalid).toEqual([{ index: 1, id: null, problems: [expect.stringMatching(/JSON/)] }]);
      expect(answer.next(10)).toBeNull();
    });
  });

  it('says an answer cut off mid-array is not JSON, to be tried again', async () => {
    const whole = JSON.stringify([invoice('a'), invoice('b')]);
    await serving(whole.slice(0, -10), async (baseUrl) => {
      const client = createAscoraClient({ baseUrl, apiKey: 'k', random: () => 0.5 });
      const error = await client.invoicesToSend('2100-01-01').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AscoraError);
      expect((error as AscoraError).kind).toBe('retryable');
      expect((error as AscoraError).message).toMatch(/not JSON/);
    });
  });
});
