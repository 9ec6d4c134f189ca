#!/usr/bin/env node
// `npm run dist`: installers for this platform (or the ones named: --mac, --win, --linux), signed.
// Release builds are signed and, on macOS, notarised; electron-builder reads the secrets from the
// environment (docs/release.md). Without them this stops before anything is built, naming what is
// missing, unless an unsigned build is asked for on purpose (`npm run dist -- --unsigned`, for
// trying an installer on one's own machine: never to be handed to an office).
// Other arguments go to electron-builder as they are; publishing stays off unless --publish is given.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TARGET_FLAGS = { '--mac': 'mac', '-m': 'mac', '--win': 'win', '-w': 'win', '--linux': 'linux', '-l': 'linux' };
const PLATFORM_OF = { darwin: 'mac', win32: 'win', linux: 'linux' };

/** Which platforms a `dist` run builds: the ones named, else this machine's. */
export function targetPlatforms(args, platform = process.platform) {
  const named = [...new Set(args.filter((a) => a in TARGET_FLAGS).map((a) => TARGET_FLAGS[a]))];
  return named.length > 0 ? named : [PLATFORM_OF[platform] ?? 'linux'];
}

const has = (env, name) => typeof env[name] === 'string' && env[name].trim() !== '';

/**
 * What signing needs and is missing, per platform (empty when ready). Names only, never values.
 * - Windows: a code-signing certificate, CSC_LINK (or WIN_CSC_LINK) and its CSC_KEY_PASSWORD (or
 *   WIN_CSC_KEY_PASSWORD).
 * - macOS: a Developer ID Application certificate (CSC_LINK and CSC_KEY_PASSWORD, or CSC_NAME for
 *   one already in the keychain) and notarisation credentials: APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD
 *   and APPLE_TEAM_ID, or an App Store Connect API key (APPLE_API_KEY, APPLE_API_KEY_ID,
 *   APPLE_API_ISSUER).
 * - Linux: AppImage and .deb carry no code signature (a repository signs its packages): nothing.
 */
export function missingSigningSecrets(platforms, env = process.env) {
  const missing = {};
  for (const platform of platforms) {
    const lacks = [];
    if (platform === 'win') {
      if (!has(env, 'CSC_LINK') && !has(env, 'WIN_CSC_LINK')) lacks.push('CSC_LINK (or WIN_CSC_LINK)');
      if (!has(env, 'CSC_KEY_PASSWORD') && !has(env, 'WIN_CSC_KEY_PASSWORD'))
        lacks.push('CSC_KEY_PASSWORD (or WIN_CSC_KEY_PASSWORD)');
    }
    if (platform === 'mac') {
      if (!has(env, 'CSC_NAME')) {
        if (!has(env, 'CSC_LINK')) lacks.push('CSC_LINK (or CSC_NAME)');
        if (!has(env, 'CSC_KEY_PASSWORD')) lacks.push('CSC_KEY_PASSWORD');
      }
      const apiKey = ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'];
      if (!apiKey.every((name) => has(env, name)))
        lacks.push(...['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'].filter((name) => !has(env, name)));
    }
    if (lacks.length > 0) missing[platform] = lacks;
  }
  return missing;
}

const PLATFORM_NAMES = { mac: 'macOS', win: 'Windows', linux: 'Linux' };

/** The message a release build without its secrets stops with. */
export function refusalMessage(missing) {
  const lines = Object.entries(missing).map(
    ([platform, names]) => `  ${PLATFORM_NAMES[platform]}: ${names.join(', ')}`,
  );
  return [
    'Not building: a release build is signed, and these signing secrets are not set:',
    ...lines,
    'Set them as docs/release.md says, or build an unsigned installer for testing on purpose with',
    '  npm run dist -- --unsigned',
  ].join('\n');
}

/**
 * The electron-builder command line for a run, or a refusal. `--unsigned` turns signing and
 * notarisation off for this run only (and the yml's forceCodeSigning with them).
 */
export function distPlan(args, env = process.env, platform = process.platform) {
  const unsigned = args.includes('--unsigned');
  const passed = args.filter((a) => a !== '--unsigned');
  const builderArgs = [...passed];
  if (!passed.some((a) => a === '--publish' || a === '-p' || a.startsWith('--publish=')))
    builderArgs.push('--publish', 'never');
  if (unsigned) {
    builderArgs.push('-c.forceCodeSigning=false', '-c.mac.notarize=false', '-c.mac.identity=null');
    return { ok: true, unsigned: true, builderArgs, env: { CSC_IDENTITY_AUTO_DISCOVERY: 'false' } };
  }
  const missing = missingSigningSecrets(targetPlatforms(passed, platform), env);
  if (Object.keys(missing).length > 0) return { ok: false, message: refusalMessage(missing) };
  return { ok: true, unsigned: false, builderArgs, env: {} };
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, ...env },
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const plan = distPlan(process.argv.slice(2));
  if (!plan.ok) {
    console.error(plan.message);
    process.exit(1);
  }
  if (plan.unsigned) console.log('Building UNSIGNED installers (--unsigned): for testing only, never for an office.');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  run(process.execPath, ['scripts/ensure-electron.mjs']);
  run(npm, ['run', 'build']);
  run(npx, ['electron-builder', ...plan.builderArgs], plan.env);
}
