#!/usr/bin/env node
// better-sqlite3 and keytar are native modules. Both are Node-API builds today (better-sqlite3 is
// an alias of better-sqlite3-multiple-ciphers 13, the SQLCipher build, which ships prebuilt binaries
// in prebuilds/ as better-sqlite3 13 does; keytar 7 a napi build), which load in Node and Electron
// alike; but `npm start` rebuilds them for Electron (electron-builder install-app-deps), and a build
// for one runtime's ABI (an older checkout, a module rebuilt by hand) does not load in the other.
// `npm test`, `npm run start:web` and `npm run bench` call this first: it loads each module in a
// child Node process and, on a NODE_MODULE_VERSION mismatch, rebuilds it for this Node with one line
// saying so. When they load, it does nothing and prints nothing. Under Electron, `npm start`'s
// install-app-deps does the same for Electron.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NATIVE_MODULES = ['better-sqlite3', 'keytar'];

/**
 * The ABI pair in a Node load error ("...compiled against a different Node.js version using
 * NODE_MODULE_VERSION 145. This version of Node.js requires NODE_MODULE_VERSION 115..."), or null
 * when the error is something else.
 */
export function parseAbiMismatch(message) {
  const match = /NODE_MODULE_VERSION (\d+)[\s\S]*?requires\s+NODE_MODULE_VERSION (\d+)/.exec(message ?? '');
  return match ? { built: Number(match[1]), wanted: Number(match[2]) } : null;
}

/** Rebuild only for a mismatch: a module that loads, or fails for another reason, is left as it is. */
export function needsRebuild(loadError) {
  const abi = parseAbiMismatch(loadError);
  return abi !== null && abi.built !== abi.wanted;
}

/** Loads a module in a child Node process; returns its load error's text, or null when it loads. */
export function loadError(moduleName, cwd = process.cwd()) {
  const result = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(moduleName)})`], {
    cwd,
    encoding: 'utf8',
  });
  return result.status === 0 ? null : `${result.stderr}${result.stdout}`;
}

/**
 * Checks each module and rebuilds the mismatched ones (all in one `npm rebuild`). Returns the names
 * rebuilt ([] when nothing was to do). `load` and `rebuild` are replaceable for tests.
 */
export function ensureNative({
  modules = NATIVE_MODULES,
  load = loadError,
  rebuild = npmRebuild,
  log = console.log,
} = {}) {
  const mismatched = [];
  let abi = null;
  for (const name of modules) {
    const error = load(name);
    if (needsRebuild(error)) {
      mismatched.push(name);
      abi = parseAbiMismatch(error);
    }
  }
  if (mismatched.length === 0) return [];
  log(
    `Rebuilding ${mismatched.join(' and ')} for Node (ABI ${abi.wanted}; they were built for ABI ${abi.built}, e.g. by npm start for Electron)...`,
  );
  rebuild(mismatched);
  const still = mismatched.filter((name) => load(name) !== null);
  if (still.length > 0)
    throw new Error(`${still.join(' and ')} still cannot be loaded after the rebuild: see the output above.`);
  return mismatched;
}

/** The prebuilt Node-API binary a module ships for this machine (better-sqlite3 13), or null. */
export function prebuiltBinary(moduleDir, platform = process.platform, arch = process.arch) {
  const file = path.join(moduleDir, 'prebuilds', `${platform}-${arch}.node`);
  return existsSync(file) ? file : null;
}

/**
 * Rebuilds one module for this Node. A module that ships a prebuilt binary for this machine loads
 * it once its own build/ is gone (better-sqlite3 13 prefers build/Release when there is one, and
 * `npm rebuild` does nothing for it: its package says gypfile false); the others go through
 * `npm rebuild`, which runs their install script (keytar: prebuild-install, else node-gyp).
 */
export function rebuildModule(name, { moduleDir = moduleDirOf(name), run = runNpm } = {}) {
  if (prebuiltBinary(moduleDir)) {
    rmSync(path.join(moduleDir, 'build'), { recursive: true, force: true });
    return;
  }
  run(['rebuild', name]);
}

function moduleDirOf(name) {
  const require = createRequire(path.join(process.cwd(), 'package.json'));
  return path.dirname(require.resolve(`${name}/package.json`));
}

function runNpm(args) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${result.status}).`);
}

function npmRebuild(names) {
  for (const name of names) rebuildModule(name);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureNative();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
