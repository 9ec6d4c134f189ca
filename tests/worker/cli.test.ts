/**
 * The browser host as `npm run start:web` runs it (main/core/browser-host/cli.ts), now with the core in a
 * worker thread: it answers the contract over HTTP, pushes events, and quits cleanly on SIGTERM
 * (the close is no crash in the log).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { LOG_FILE, logFolder } from '../../main/core/log-file';
import { makeTempDir } from '../support/db';

let child: ChildProcess | null = null;
let dataDir: string | null = null;
afterEach(() => {
  child?.kill('SIGKILL');
  child = null;
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

it('serves the contract from the worker, and closes it on SIGTERM without a crash', async () => {
  dataDir = makeTempDir('ra-cli-');
  const host = spawn(process.execPath, ['--import', 'tsx', 'main/core/browser-host/cli.ts', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = host;
  const launchUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    host.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running at (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    host.once('exit', (code) => reject(new Error(`the browser host exited (${code}): ${out}`)));
  });
  const url = new URL(launchUrl);
  const token = new URLSearchParams(url.hash.slice(1)).get('token')!;
  const invoke = async (channel: string, input: unknown) => {
    const response = await fetch(`${url.origin}/api/invoke/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(input),
    });
    return (await response.json()) as unknown;
  };

  expect(await invoke('integration.list', {})).toEqual({ ok: true, value: [] });
  expect(await invoke('sync.now', { integrationId: -1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  expect(await invoke('settings.update', { closeToTray: false })).toMatchObject({
    ok: true,
    value: { closeToTray: false },
  });

  const exited = new Promise<number | null>((resolve) => host.once('exit', resolve));
  host.kill('SIGTERM');
  expect(await exited).toBe(0);
  const log = fs.readFileSync(path.join(logFolder(dataDir), LOG_FILE), 'utf8');
  expect(log).toContain('"browser host started"');
  expect(log).not.toContain('stopped unexpectedly');
}, 60_000);
