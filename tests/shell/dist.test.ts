import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { distPlan, missingSigningSecrets, targetPlatforms } from '../../scripts/dist.mjs';

const root = path.resolve(__dirname, '../..');
const require = createRequire(import.meta.url);
const config = load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as {
  mac: Record<string, unknown>;
  win: Record<string, unknown>;
};

const windowsSecrets = { CSC_LINK: '/secrets/office.pfx', CSC_KEY_PASSWORD: 'pfx-password' };
const macSecrets = {
  CSC_LINK: '/secrets/developer-id.p12',
  CSC_KEY_PASSWORD: 'p12-password',
  APPLE_ID: 'release@restoreassist.com.au',
  APPLE_APP_SPECIFIC_PASSWORD: 'abcd-efgh-ijkl-mnop',
  APPLE_TEAM_ID: 'ABCDE12345',
};

describe('npm run dist', () => {
  it('refuses a release build without signing secrets, naming each one missing and the way to an unsigned test build', () => {
    const plan = distPlan(['--win', '--mac'], {}, 'linux');
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.message).toMatch(/^Not building: a release build is signed/);
    for (const name of ['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'])
      expect(plan.message).toContain(name);
    expect(plan.message).toContain('npm run dist -- --unsigned');
  });

  it('names only what is missing, and takes an App Store Connect API key in place of an Apple ID', () => {
    expect(missingSigningSecrets(['mac'], { ...macSecrets, APPLE_TEAM_ID: '' })).toEqual({ mac: ['APPLE_TEAM_ID'] });
    const apiKey = { APPLE_API_KEY: '/secrets/key.p8', APPLE_API_KEY_ID: 'KEY123', APPLE_API_ISSUER: 'issuer' };
    expect(missingSigningSecrets(['mac'], { CSC_NAME: 'Developer ID Application: RestoreAssist', ...apiKey })).toEqual(
      {},
    );
    expect(missingSigningSecrets(['win'], { WIN_CSC_LINK: 'x.pfx', WIN_CSC_KEY_PASSWORD: 'p' })).toEqual({});
    expect(missingSigningSecrets(['linux'], {})).toEqual({});
  });

  it("builds this machine's platform when none is named", () => {
    expect(targetPlatforms([], 'win32')).toEqual(['win']);
    expect(targetPlatforms([], 'darwin')).toEqual(['mac']);
    expect(targetPlatforms(['--linux', '-w'], 'darwin')).toEqual(['linux', 'win']);
    expect(distPlan([], {}, 'win32').ok).toBe(false);
  });

  it('signs with the secrets set, and publishes nothing unless asked', () => {
    const plan = distPlan(['--win'], windowsSecrets, 'linux');
    expect(plan).toEqual({ ok: true, unsigned: false, builderArgs: ['--win', '--publish', 'never'], env: {} });
    const publishing = distPlan(['--mac', '--publish', 'always'], macSecrets, 'darwin');
    expect(publishing.ok && publishing.builderArgs).toEqual(['--mac', '--publish', 'always']);
  });

  it('builds unsigned only when asked on purpose, with signing and notarisation off for that run', () => {
    const plan = distPlan(['--win', '--unsigned'], {}, 'win32');
    expect(plan.ok && plan.unsigned).toBe(true);
    if (!plan.ok) return;
    expect(plan.builderArgs).toEqual(
      expect.arrayContaining(['--win', '-c.forceCodeSigning=false', '-c.mac.notarize=false']),
    );
    expect(plan.builderArgs).not.toContain('--unsigned');
    expect(plan.env).toEqual({ CSC_IDENTITY_AUTO_DISCOVERY: 'false' });
  });

  it('stops before building anything, with the message first, when run without secrets', () => {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(CSC_|WIN_CSC_|APPLE_)/.test(name)),
    );
    const run = spawnSync(process.execPath, ['scripts/dist.mjs', '--win'], { cwd: root, env, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr.split('\n')[0]).toBe(
      'Not building: a release build is signed, and these signing secrets are not set:',
    );
    expect(run.stdout).toBe('');
  });

  it('has electron-builder refuse an unsigned macOS or Windows build, and notarise on macOS', async () => {
    expect(config.win.forceCodeSigning).toBe(true);
    expect(config.mac.forceCodeSigning).toBe(true);
    expect(config.mac.notarize).toBe(true);
    expect(config.mac.hardenedRuntime).toBe(true);
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });
});
