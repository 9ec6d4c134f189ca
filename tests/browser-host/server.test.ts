import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../main/core/events';
import { startBrowserHost, type BrowserHost } from '../../main/core/browser-host/server';
import { createRegistry } from '../../main/core/ipc/registry';
import { makeTempDir } from '../support/db';
import { SAMPLE_SETTINGS } from '../support/settings';

let host: BrowserHost;
let events: EventBus;
let workDir: string;
let staticDir: string;

beforeAll(async () => {
  // A file right beside the renderer folder: a traversal that worked would serve it.
  workDir = makeTempDir('ra-static-');
  staticDir = path.join(workDir, 'renderer');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(workDir, 'outside.txt'), 'OUTSIDE-THE-RENDERER');
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>RestoreAssist Desk</title>');
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  // vite builds with sourcemap: true, so dist/renderer has these beside the bundles.
  fs.writeFileSync(
    path.join(staticDir, 'assets', 'app.js.map'),
    '{"version":3,"sourcesContent":["SOURCE-MAP-CONTENT"]}',
  );
  events = new EventBus();
  const registry = createRegistry({
    'settings.get': () => SAMPLE_SETTINGS,
  });
  host = await startBrowserHost({ registry, events, staticDir });
});
afterAll(async () => {
  await host.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

/** Raw HTTP so the test controls every header, including Host. */
function request(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; address?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: options.address ?? '127.0.0.1',
        port: host.port,
        path: pathname,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const invoke = (channel: string, input: unknown, headers: Record<string, string> = {}) =>
  request(`/api/invoke/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}`, ...headers },
    body: JSON.stringify(input),
  });

describe('the browser host', () => {
  it('answers a contract call with the right token', async () => {
    const res = await invoke('settings.get', {});
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      ok: true,
      value: SAMPLE_SETTINGS,
    });
  });

  it('validates through the registry and answers the envelope', async () => {
    const res = await invoke('jobs.get', { jobId: 'x' });
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('refuses a missing token', async () => {
    const res = await request('/api/invoke/settings.get', { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
  });

  it('refuses a wrong token of the same length', async () => {
    const wrong = host.token.replace(/./g, (c) => (c === 'a' ? 'b' : 'a'));
    const res = await invoke('settings.get', {}, { Authorization: `Bearer ${wrong}` });
    expect(res.status).toBe(401);
  });

  it('refuses a request from a foreign web page', async () => {
    const res = await invoke('settings.get', {}, { Origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('accepts its own page as Origin', async () => {
    const res = await invoke('settings.get', {}, { Origin: `http://127.0.0.1:${host.port}` });
    expect(res.status).toBe(200);
  });

  it('refuses a request whose Host header names another site (DNS rebinding)', async () => {
    const res = await invoke('settings.get', {}, { Host: `attacker.example:${host.port}` });
    expect(res.status).toBe(421);
  });

  it('refuses invalid JSON with a VALIDATION envelope', async () => {
    const res = await request('/api/invoke/settings.get', {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}` },
      body: '{not json',
    });
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('refuses a body over 16 MB', async () => {
    const res = await request('/api/invoke/settings.get', {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}` },
      body: 'x'.repeat(17 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
  });

  it('streams events to a client with the token, and refuses one without', async () => {
    const refused = await request('/api/events');
    expect(refused.status).toBe(401);

    const received = await new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: host.port, path: `/api/events?token=${host.token}` }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.includes(': connected')) events.emit('record.changed', { entity: 'job', ids: [42] });
          if (text.includes('event: record.changed')) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
    });
    expect(received).toContain('data: {"entity":"job","ids":[42]}');
  });

  it('serves the renderer with a strict Content-Security-Policy and no token', async () => {
    const res = await request('/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('RestoreAssist Desk');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('never serves a file outside the renderer folder', async () => {
    const attempts = [
      '/../outside.txt',
      '/..%2foutside.txt',
      '/%2e%2e/outside.txt',
      '/%2E%2E%2Foutside.txt',
      '/assets/../../outside.txt',
      '/assets/..%2f..%2foutside.txt',
      '/..%5coutside.txt',
    ];
    for (const attempt of attempts) {
      const res = await request(attempt);
      expect(res.body, attempt).not.toContain('OUTSIDE-THE-RENDERER');
    }
    // The same file is reachable by name from the folder it lives in, so the check above can fail.
    expect(fs.readFileSync(path.join(staticDir, '..', 'outside.txt'), 'utf8')).toBe('OUTSIDE-THE-RENDERER');
  });

  it('never serves a source map, though the file is there', async () => {
    const attempts = [
      '/assets/app.js.map',
      '/assets/app.js.MAP',
      '/assets/app.js%2Emap',
      '/assets/app.js.map?v=1',
      '/assets/app.js.map.',
      '/assets/app.js.map%20',
      '/assets/app.js.map/',
    ];
    for (const attempt of attempts) {
      const res = await request(attempt);
      expect(res.status, attempt).toBe(404);
      expect(res.body, attempt).not.toContain('SOURCE-MAP-CONTENT');
    }
    expect(fs.readFileSync(path.join(staticDir, 'assets', 'app.js.map'), 'utf8')).toContain('SOURCE-MAP-CONTENT');
    expect((await request('/assets/app.js')).status).toBe(200);
  });

  it('listens on 127.0.0.1 only', async () => {
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((i): i is os.NetworkInterfaceInfo => !!i && i.family === 'IPv4' && !i.internal)
      .map((i) => i.address);
    for (const address of others) {
      await expect(request('/', { address })).rejects.toThrow(/ECONNREFUSED/);
    }
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
  });

  it('refuses to start on a non-loopback address', async () => {
    await expect(startBrowserHost({ registry: createRegistry({}), events, host: '0.0.0.0' })).rejects.toThrow(
      /loopback/,
    );
  });
});
