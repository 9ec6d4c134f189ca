import fc from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../main/core/ipc/registry';
import type { HandlerMap } from '../../main/core/ipc/types';
import { createLogger } from '../../main/core/log';
import { CHANNEL_NAMES, contract, type ChannelName } from '../../shared/contract';
import type { LogFolder } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { createTestDatabase, tableChecksum, type TestDatabase } from '../support/db';
import { FUZZ_RUNS, malformedInputs } from '../support/fuzz';

let t: TestDatabase;
let calls: string[];
let registry: ReturnType<typeof createRegistry>;

/** Every channel gets a handler that would write to the real database if it ever ran. */
function writingHandlers(): HandlerMap {
  const handlers: Record<string, () => unknown> = {};
  for (const name of CHANNEL_NAMES) {
    handlers[name] = () => {
      calls.push(name);
      t.sqlite.prepare("INSERT OR REPLACE INTO app_settings (key, value_json) VALUES ('touched', '1')").run();
      return null;
    };
  }
  return handlers as HandlerMap;
}

beforeAll(() => {
  t = createTestDatabase();
  calls = [];
  registry = createRegistry(writingHandlers());
});
afterAll(() => t.close());

describe('the registry validates every input before a handler runs', () => {
  it.each(CHANNEL_NAMES)('%s: malformed input gives VALIDATION and changes nothing', async (channel) => {
    const before = tableChecksum(t.sqlite);
    const callsBefore = calls.length;
    await fc.assert(
      fc.asyncProperty(malformedInputs(contract[channel].input as z.ZodType), async (input) => {
        const result = await registry.invoke(channel, input);
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.error.code).toBe('VALIDATION');
          expect(result.error.message.length).toBeGreaterThan(5);
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
    expect(calls.length).toBe(callsBefore);
    expect(tableChecksum(t.sqlite)).toBe(before);
  });
});

describe('the registry checks every answer against the contract', () => {
  const job = { rows: [], nextCursor: null, total: 0 };

  it('passes an answer that matches the output schema as it is', async () => {
    const r = createRegistry({ 'jobs.list': () => job, 'jobs.statuses': () => ['Drying', 'Booked'] });
    expect(await r.invoke('jobs.list', { integrationId: 1 })).toEqual({ ok: true, value: job });
    expect(await r.invoke('jobs.statuses', { integrationId: 1 })).toEqual({ ok: true, value: ['Drying', 'Booked'] });
  });

  it('answers INTERNAL for an answer the channel does not promise, and logs where, never what', async () => {
    const lines: string[] = [];
    const r = createRegistry(
      // A count is whole: a float is a bug, as is a field the schema does not name.
      {
        'settings.logFolder': () =>
          ({ path: '/logs', canOpen: false, opened: false, apiKey: 'secret-key-that-must-not-leak-123' }) as LogFolder,
        'jobs.list': () => ({ ...job, total: 2.5 }),
      },
      { logger: createLogger((line) => lines.push(line)) },
    );
    const leaked = await r.invoke('settings.logFolder', {});
    expect(leaked).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('settings.logFolder') },
    });
    expect(JSON.stringify(leaked)).not.toContain('secret-key-that-must-not-leak-123');
    expect(await r.invoke('jobs.list', { integrationId: 1 })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('total') },
    });
    const log = lines.join('\n');
    expect(log).toContain('answer does not match the contract');
    expect(log).toContain('apiKey');
    expect(log).not.toContain('secret-key-that-must-not-leak-123');
  });

  it('leaves answers unchecked when told to (the packaged app)', async () => {
    const r = createRegistry({ 'jobs.list': () => ({ ...job, total: 2.5 }) }, { checkAnswers: false });
    expect(await r.invoke('jobs.list', { integrationId: 1 })).toEqual({ ok: true, value: { ...job, total: 2.5 } });
  });
});

describe('the registry answers with one envelope', () => {
  it('refuses an unknown channel with NOT_FOUND', async () => {
    const result = await registry.invoke('jobs.drop', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('answers NOT_IMPLEMENTED for a channel whose service has not landed, after validating', async () => {
    const empty = createRegistry({});
    expect(await empty.invoke('jobs.get', { jobId: 1 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_IMPLEMENTED', message: expect.stringMatching(/not available/) },
    });
    expect(await empty.invoke('jobs.get', { jobId: 'one' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('passes the parsed input, defaults filled, to the handler', async () => {
    let received: unknown;
    const r = createRegistry({
      'jobs.list': (input) => {
        received = input;
        return { rows: [], nextCursor: null, total: 0 };
      },
    });
    const result = await r.invoke('jobs.list', { integrationId: 1 });
    expect(result).toEqual({ ok: true, value: { rows: [], nextCursor: null, total: 0 } });
    expect(received).toMatchObject({
      integrationId: 1,
      search: '',
      sort: 'dateCreated',
      direction: 'desc',
      limit: 100,
      cursor: null,
    });
  });

  it('carries an AppError from a handler as it is', async () => {
    const r = createRegistry({
      'jobs.get': () => {
        throw new AppError('NOT_FOUND', 'That job is no longer in the mirror.');
      },
    });
    expect(await r.invoke('jobs.get', { jobId: 7 })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'That job is no longer in the mirror.' },
    });
  });

  it('turns any other failure into INTERNAL without leaking the input or the stack', async () => {
    const lines: string[] = [];
    const apiKey = 'secret-key-that-must-not-leak-123';
    const r = createRegistry(
      {
        'integration.connect': () => {
          throw new TypeError('boom');
        },
      },
      { logger: createLogger((line) => lines.push(line)) },
    );
    const result = await r.invoke('integration.connect', { apiKey });
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain(apiKey);
    expect(JSON.stringify(result)).not.toContain('boom');
    expect(lines.join('\n')).not.toContain(apiKey);
    expect(lines.join('\n')).toContain('boom');
  });

  it('never echoes a rejected input, which may hold the API key', async () => {
    const apiKey = 'x'.repeat(600); // too long: rejected
    const result = await registry.invoke('integration.connect', { apiKey });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(apiKey);
  });

  it('says every problem in plain words, each tied to its field so the form can show it there', async () => {
    const result = await registry.invoke('invoices.recordPayment', {
      invoiceId: 1,
      amountCents: -5,
      paymentDate: '2026-13-40',
      paymentMethod: 'EFT',
      comment: 'x'.repeat(501),
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message:
          'A payment must be above zero. Payment date must be a date, such as 21/10/2026. Comment can be at most 500 characters.',
        details: {
          issues: [
            { path: 'amountCents', message: 'A payment must be above zero.' },
            { path: 'paymentDate', message: 'Payment date must be a date, such as 21/10/2026.' },
            { path: 'comment', message: 'Comment can be at most 500 characters.' },
          ],
        },
      },
    });
    // No developer wording, no "Field:" prefixes.
    const connect = await registry.invoke('integration.connect', { apiKey: 'short' });
    expect(connect).toMatchObject({ ok: false, error: { message: 'The API key looks too short.' } });
    const customer = await registry.invoke('customers.create', {
      integrationId: 1,
      fields: { companyName: 'x'.repeat(201), emailAddress: 'not-an-email' },
    });
    expect(customer).toMatchObject({
      ok: false,
      error: {
        message: 'Company can be at most 200 characters. Enter a valid email address.',
        details: {
          issues: [
            { path: 'fields.companyName', message: 'Company can be at most 200 characters.' },
            { path: 'fields.emailAddress', message: 'Enter a valid email address.' },
          ],
        },
      },
    });
    expect(JSON.stringify(customer)).not.toMatch(/Too big|Invalid input|Fields:/);
  });

  it('has a channel for every operation design.md lists', () => {
    const required: ChannelName[] = [
      'integration.connect',
      'integration.disconnect',
      'integration.status',
      'schedule.start',
      'schedule.stop',
      'sync.status',
      'sync.retryFailed',
      'sync.now',
      'jobs.createFromReport',
      'jobs.list',
      'jobs.get',
      'jobs.updateStatus',
      'jobs.addNote',
      'jobs.addAttachment',
      'customers.list',
      'customers.get',
      'customers.create',
      'customers.update',
      'invoices.list',
      'invoices.get',
      'invoices.recordPayment',
      'logs.list',
      'reports.list',
      'reports.create',
      'reports.update',
      'reports.import',
      'conflicts.list',
      'conflicts.resolve',
      'settings.get',
      'settings.update',
    ];
    expect(CHANNEL_NAMES).toEqual(expect.arrayContaining(required));
  });
});
