/**
 * The real OS keychain: these run inside a D-Bus session with gnome-keyring unlocked (CI's
 * `.ci/run` sets one up). Without a Secret Service they fail; they never skip.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeytarStore } from '../../main/core/secrets/keytar-store';

describe('the OS keychain store', () => {
  it('sets, gets and deletes a key in the real Secret Service', async () => {
    const store = createKeytarStore('RestoreAssist Desk (tests)');
    const ref = `ascora:${randomUUID()}`;
    await store.set(ref, 'key-value-for-test-0001');
    expect(await store.get(ref)).toBe('key-value-for-test-0001');
    expect(await store.delete(ref)).toBe(true);
    expect(await store.get(ref)).toBeNull();
    expect(await store.delete(ref)).toBe(false);
  });

  it('says what to install or unlock when there is no keychain, and writes nothing in plain text', () => {
    // A child process with no D-Bus session: the situation of a server or a bare container.
    const script = `
      import { createKeytarStore } from './main/core/secrets/keytar-store.ts';
      try { await createKeytarStore().set('ascora:x', 'secret'); console.log('STORED'); }
      catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }
    `;
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' };
    const result = spawnSync('npx', ['tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env,
      timeout: 30_000,
    });
    const line = result.stdout.trim().split('\n').pop() ?? '';
    expect(line).not.toBe('STORED');
    const error = JSON.parse(line) as { code: string; message: string };
    expect(error.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(error.message).toMatch(/gnome-keyring/);
    expect(error.message).toMatch(/unlock/);
  });
});
