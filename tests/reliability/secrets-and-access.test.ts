/**
 * Issue 7, item 4: secrets and access.
 * - After a whole working session of the composed app (connect, sync through faults and a revoked
 *   key, offline work, a new key, logs, a disconnect), the API key is nowhere but the keychain:
 *   not in the database file, the WAL, the backups, any file of the data folder, the log output,
 *   any IPC result or any event.
 * - Base URLs that are not https (other than this computer) are refused.
 * - The browser host refuses requests without the token, with a wrong Origin, and from
 *   addresses other than this computer.
 * - Attachments cannot escape the app's data folder, whatever the file is called.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app';
import { checkBaseUrl, createAscoraClient } from '../../main/core/ascora/client';
import { startBrowserHost, type BrowserHost } from '../../main/core/browser-host/server';
import { databaseKeyRef } from '../../main/core/db/database-key';
import { createLogger } from '../../main/core/log';
import { createMemorySecretStore } from '../../main/core/secrets/memory-store';
import type { Result } from '../../shared/result';
import { startSimulator, type RunningSimulator } from '../../sim/server';
import { createFakeClock } from '../support/core';
import { makeTempDir } from '../support/db';
import { FUZZ_RUNS } from '../support/fuzz';
import { filesHoldingSecret, findSecret } from './secret-scan';

/** Distinctive, so any hit is the key and nothing else. */
const API_KEY = 'RA-CANARY-4f1d9c2e-never-anywhere-but-the-keychain-7b3a';

describe('the secret scanner', () => {
  it('finds the key as text, as UTF-16 and as base64, in a file and in a string', () => {
    const dir = makeTempDir('ra-scan-');
    try {
      fs.writeFileSync(path.join(dir, 'clean.txt'), 'nothing to see');
      fs.mkdirSync(path.join(dir, 'backups'));
      fs.writeFileSync(
        path.join(dir, 'backups', 'leak.bin'),
        Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(API_KEY, 'utf16le')]),
      );
      expect(filesHoldingSecret(dir, API_KEY)).toEqual([path.join('backups', 'leak.bin')]);
      expect(findSecret(`header ${Buffer.from(API_KEY).toString('base64')}`, API_KEY)).toBe(true);
      expect(findSecret(API_KEY.slice(0, -1), API_KEY)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('after a whole working session, the API key is only in the keychain', () => {
  let dir: string;
  let sim: RunningSimulator;
  let core: Core;
  const secrets = createMemorySecretStore();
  const logLines: string[] = [];
  const events: unknown[] = [];
  const results: Result<unknown>[] = [];
  const invoke = async (channel: string, input: unknown) => {
    const result = await core.registry.invoke(channel, input);
    results.push(result);
    return result;
  };

  beforeAll(async () => {
    dir = makeTempDir('ra-secrets-');
    sim = await startSimulator({ port: 0, seed: 11, jobs: 60, customers: 15, invoices: 8, apiKey: API_KEY });
    core = await createCore({
      dataDir: dir,
      secrets,
      logger: createLogger((line) => logLines.push(line), 'debug'),
      clock: createFakeClock(Date.now()),
    });
    core.events.subscribe((event) => events.push(event));
  });
  afterAll(async () => {
    await core.close();
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('leaves no trace of it in the data folder, the WAL, the logs, any IPC result or any event', async () => {
    expect(await invoke('integration.test', { apiKey: API_KEY, baseUrl: sim.url })).toMatchObject({ ok: true });
    expect(await invoke('integration.test', { apiKey: `${API_KEY}-wrong`, baseUrl: sim.url })).toMatchObject({
      ok: false,
      error: { code: 'AUTH' },
    });
    expect(await invoke('integration.connect', { apiKey: API_KEY, baseUrl: 'http://127.0.0.1:9' })).toMatchObject({
      ok: false,
      error: { code: 'NETWORK' },
    });
    const connected = await invoke('integration.connect', {
      apiKey: API_KEY,
      baseUrl: sim.url,
      displayName: 'Head office',
    });
    const integrationId = (connected as { value: { id: number } }).value.id;
    expect(await invoke('sync.now', { integrationId })).toMatchObject({ ok: true, value: { status: 'success' } });

    // Offline work, then a sync through faults: retries, lost answers, lookups, a payment to check.
    const fields = {
      contactFirstName: 'Lena',
      contactLastName: 'Ivanova',
      emailAddress: 'lena@example.com.au',
      streetLine1: '9 Canary Lane',
      streetPostcode: '2000',
    };
    await invoke('customers.create', { integrationId, fields });
    const invoice = (await invoke('invoices.list', { integrationId, limit: 1 })) as {
      value: { rows: { id: number }[] };
    };
    await invoke('invoices.recordPayment', {
      invoiceId: invoice.value.rows[0]!.id,
      amountCents: 1000,
      paymentDate: '2026-11-24',
      paymentMethod: 'EFT',
    });
    sim.control.setFault('POST /Customers/Customer', { kind: 'dropAfterCommit', times: 1 });
    sim.control.setFault('POST /Accounting/CreatePayment', { kind: 'truncatedJson', times: 1 });
    sim.control.setFault('GET /Jobs/Jobs', { kind: 'status', status: 503, times: 2 });
    sim.control.setFault('GET /Customers/Customers', { kind: 'rateLimit', retryAfterSeconds: 2, times: 1 });
    await invoke('sync.now', { integrationId });
    await invoke('sync.now', { integrationId });

    // The key is revoked in Ascora: the app asks for a new one; the same key comes back.
    const revoked = await startSimulator({ port: 0, seed: 11, jobs: 5, apiKey: 'another-key-entirely' });
    await invoke('integration.test', { apiKey: API_KEY, baseUrl: revoked.url });
    await revoked.close();
    await invoke('integration.disconnect', { integrationId, wipeMirror: false });
    await invoke('sync.now', { integrationId });
    expect(await invoke('integration.replaceKey', { integrationId, apiKey: API_KEY })).toMatchObject({ ok: true });
    expect(await invoke('sync.now', { integrationId })).toMatchObject({ ok: true });
    for (const [channel, input] of [
      ['integration.list', {}],
      ['integration.status', { integrationId }],
      ['sync.status', { integrationId }],
      ['logs.list', { integrationId, limit: 500 }],
      ['dashboard.summary', { integrationId }],
      ['settings.get', {}],
      ['conflicts.list', { integrationId }],
      ['schedule.get', { integrationId }],
    ] as const) {
      expect(await invoke(channel, input), channel).toMatchObject({ ok: true });
    }
    // A key pasted into the wrong field is refused without being echoed.
    expect(
      await invoke('integration.connect', { apiKey: API_KEY, baseUrl: `http://${API_KEY}.example.com` }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    // The key was in play all along, where it belongs: in the keychain, beside the local copy's key.
    expect(secrets.size).toBe(2);
    const file = path.join(dir, 'restoreassist.db');
    const databaseKey = (await secrets.get(databaseKeyRef(fs.realpathSync(file))))!;
    expect(databaseKey).toMatch(/^[0-9a-f]{64}$/);
    // The local copy's key goes nowhere else either (the file's own bytes are tested in tests/db/encryption).
    expect(findSecret(logLines.join('\n'), databaseKey)).toBe(false);
    expect(findSecret(JSON.stringify(results), databaseKey)).toBe(false);
    expect(findSecret(JSON.stringify(events), databaseKey)).toBe(false);
    expect(filesHoldingSecret(dir, databaseKey)).toEqual([]);

    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    expect(filesHoldingSecret(dir, API_KEY)).toEqual([]);
    expect(logLines.length).toBeGreaterThan(3);
    expect(findSecret(logLines.join('\n'), API_KEY)).toBe(false);
    expect(results.length).toBeGreaterThan(20);
    expect(findSecret(JSON.stringify(results), API_KEY)).toBe(false);
    expect(events.length).toBeGreaterThan(20);
    expect(findSecret(JSON.stringify(events), API_KEY)).toBe(false);
    // And after the app closes, its files still hold none of it.
    await core.close();
    expect(filesHoldingSecret(dir, API_KEY)).toEqual([]);
  });
});

describe('base URLs', () => {
  const refused = [
    'http://api.ascora.com.au',
    'http://10.0.0.5',
    'http://192.168.1.10:8080',
    'http://0.0.0.0:4010',
    'http://localhost.evil.example',
    'http://127.0.0.1.nip.io',
    'http://[::ffff:a00:1]',
    'ftp://api.ascora.com.au',
    'ws://api.ascora.com.au',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/plain,hi',
    'api.ascora.com.au',
    '',
  ];
  const accepted = [
    'https://api.ascora.com.au',
    'https://ascora.example.com.au:8443',
    'http://127.0.0.1:4010',
    'http://localhost:4010',
    'http://[::1]:4010',
    'http://127.5.6.7',
  ];

  it.each(refused)('refuses %j everywhere: the contract, the connection check and the client', async (baseUrl) => {
    const dir = makeTempDir('ra-url-');
    const core = await createCore({ dataDir: dir, secrets: createMemorySecretStore() });
    try {
      for (const channel of ['integration.test', 'integration.connect']) {
        expect(await core.registry.invoke(channel, { apiKey: API_KEY, baseUrl }), channel).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION' },
        });
      }
    } finally {
      await core.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(() => checkBaseUrl(baseUrl)).toThrow(/https|web address/);
    expect(() => createAscoraClient({ baseUrl, apiKey: API_KEY })).toThrow();
  });

  it.each(accepted)('accepts %j', (baseUrl) => {
    expect(checkBaseUrl(baseUrl)).toBe(new URL(baseUrl).origin);
  });
});

describe('the browser host', () => {
  let host: BrowserHost;
  let handled = 0;
  beforeAll(async () => {
    const events = new (await import('../../main/core/events')).EventBus();
    const registry = { has: () => true, invoke: async () => ({ ok: true as const, value: ++handled }) };
    host = await startBrowserHost({ registry, events });
  });
  afterAll(() => host.close());

  const call = (options: { headers?: Record<string, string>; localAddress?: string; path?: string; method?: string }) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        // A fresh connection each time (no keep-alive), as each attempt would come.
        {
          host: '127.0.0.1',
          port: host.port,
          path: options.path ?? '/api/invoke/settings.get',
          method: options.method ?? 'POST',
          headers: options.headers,
          localAddress: options.localAddress,
          agent: false,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(options.method === 'GET' ? undefined : '{}');
    });
  const auth = () => ({ Authorization: `Bearer ${host.token}` });

  it('answers its own page with the token', async () => {
    expect(await call({ headers: { ...auth(), Origin: `http://127.0.0.1:${host.port}` } })).toBe(200);
  });

  it('refuses every request without the right token, and never runs the handler', async () => {
    const before = handled;
    const wrong: Record<string, string>[] = [
      {},
      { Authorization: '' },
      { Authorization: host.token },
      { Authorization: `Bearer ${host.token.slice(1)}` },
      { Authorization: `Bearer ${host.token}x` },
      { Authorization: `Basic ${host.token}` },
      { Authorization: `Bearer ${host.token.toUpperCase()}` },
      { Cookie: `token=${host.token}` },
    ];
    for (const headers of wrong) expect(await call({ headers }), JSON.stringify(headers)).toBe(401);
    expect(await call({ path: `/api/invoke/settings.get?token=${host.token}` })).toBe(401);
    expect(await call({ path: '/api/events', method: 'GET' })).toBe(401);
    expect(await call({ path: '/api/events?token=wrong', method: 'GET' })).toBe(401);
    expect(handled).toBe(before);
  });

  it('refuses the right token from another web page', async () => {
    for (const origin of [
      'https://evil.example',
      'null',
      `http://127.0.0.1:${host.port + 1}`,
      `https://127.0.0.1:${host.port}`,
      `http://localhost.evil.example:${host.port}`,
    ]) {
      expect(await call({ headers: { ...auth(), Origin: origin } }), origin).toBe(403);
    }
  });

  it('refuses the right token from an address other than this computer', async () => {
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((i): i is os.NetworkInterfaceInfo => !!i && i.family === 'IPv4' && !i.internal)
      .map((i) => i.address);
    // The listener is on 127.0.0.1; a connection from the machine's own network address reaches it
    // with that address as its source, as a forwarded or proxied connection would.
    expect(others.length).toBeGreaterThan(0);
    for (const localAddress of others) expect(await call({ headers: auth(), localAddress }), localAddress).toBe(403);
    expect(await call({ headers: auth(), localAddress: '127.0.0.2' })).toBe(200);
  });
});

describe('attachments', () => {
  it('stay inside the attachments folder whatever the file is called', async () => {
    const root = makeTempDir('ra-attach-');
    const dataDir = path.join(root, 'data');
    const sim = await startSimulator({ port: 0, seed: 3, jobs: 3, customers: 2, invoices: 0 });
    const core = await createCore({ dataDir, secrets: createMemorySecretStore(), clock: createFakeClock(Date.now()) });
    try {
      const connected = await core.registry.invoke('integration.connect', { apiKey: sim.apiKey, baseUrl: sim.url });
      const integrationId = (connected as { value: { id: number } }).value.id;
      await core.registry.invoke('sync.now', { integrationId });
      const jobId = (
        (await core.registry.invoke('jobs.list', { integrationId, limit: 1 })) as { value: { rows: { id: number }[] } }
      ).value.rows[0]!.id;
      const tried = [
        '../../../outside.txt',
        '..\\..\\..\\outside.txt',
        '/etc/passwd',
        'C:\\Windows\\win.ini',
        'a/../../b.txt',
        '....//....//x.txt',
        '%2e%2e%2foutside.txt',
        'x\u0000.txt',
        '..',
        '.',
        'attachments/../../outside.txt',
        `${'../'.repeat(40)}tmp/outside.txt`,
        '~/.ssh/authorized_keys',
        '\\\\server\\share\\x.txt',
      ];
      const names = fc.sample(
        fc
          .array(fc.constantFrom('..', '.', '/', '\\', 'a', '%2e', '\u0000', '~', 'C:'), {
            minLength: 1,
            maxLength: 12,
          })
          .map((parts) => parts.join('')),
        Math.min(FUZZ_RUNS, 200),
      );
      for (const fileName of [...tried, ...names]) {
        const result = await core.registry.invoke('jobs.addAttachment', {
          jobId,
          fileName,
          mimeType: 'text/plain',
          contentBase64: Buffer.from('readings').toString('base64'),
        });
        if (result.ok) expect((result.value as { fileName: string }).fileName).not.toMatch(/[/\\]/);
        else expect(result.error.code, fileName).toBe('VALIDATION');
      }
      // Nothing was written beside the data folder, and every stored file is <job id>/<uuid>.txt in attachments.
      expect(fs.readdirSync(root)).toEqual(['data']);
      const stored = fs
        .readdirSync(path.join(dataDir, 'attachments'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(path.join(dataDir, 'attachments'), path.join(e.parentPath, e.name)));
      expect(stored.length).toBeGreaterThan(tried.length - 5);
      for (const file of stored) expect(file).toMatch(new RegExp(`^${jobId}/[0-9a-f-]{36}\\.txt$`));
      expect(fs.readdirSync(dataDir).sort()).toEqual(expect.arrayContaining(['attachments', 'restoreassist.db']));
    } finally {
      await core.close();
      await sim.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
