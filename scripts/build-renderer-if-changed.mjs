#!/usr/bin/env node
// `npm run start:web` calls this instead of `npm run build:renderer`: the UI build takes about 9 s,
// and most starts change nothing in it. Beside the build (dist/renderer.inputs.json, outside the
// folder the host serves) it records a hash of every input of the build, and of the index.html the
// build wrote. The next start reuses dist/renderer when both still match (a `vite build` run since,
// from other inputs, writes another index.html: its asset names are content hashes), and builds
// otherwise. Inputs: renderer/ and shared/ (tests left out), the Vite and TypeScript settings, and
// the lockfile (a new React is a new build).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const INPUT_DIRS = ['renderer', 'shared'];
export const INPUT_FILES = ['vite.config.ts', 'tsconfig.json', 'tsconfig.renderer.json', 'package-lock.json'];
export const STAMP_FILE = path.join('dist', 'renderer.inputs.json');
const BUILT_INDEX = path.join('dist', 'renderer', 'index.html');

const isTest = (file) => /\.test\.[cm]?[jt]sx?$/.test(file) || file.endsWith('test-setup.ts');

function filesUnder(root, dir) {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .filter((file) => !isTest(file));
}

/** Every file the renderer build reads from the project, relative to root, sorted. */
export function rendererInputs(root) {
  const files = [
    ...INPUT_DIRS.flatMap((dir) => filesUnder(root, dir)),
    ...INPUT_FILES.filter((f) => existsSync(path.join(root, f))),
  ];
  return files.map((file) => file.split(path.sep).join('/')).sort();
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** One hash over the inputs' names and contents: a renamed, added or removed file changes it too. */
export function inputsHash(root) {
  const hash = createHash('sha256');
  for (const file of rendererInputs(root)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function builtIndexHash(root) {
  const index = path.join(root, BUILT_INDEX);
  return existsSync(index) ? sha256(readFileSync(index)) : null;
}

/** Whether dist/renderer is the build of today's inputs. */
export function isBuildCurrent(root) {
  const stampPath = path.join(root, STAMP_FILE);
  if (!existsSync(stampPath)) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
    const index = builtIndexHash(root);
    return index !== null && stamp.index === index && stamp.inputs === inputsHash(root);
  } catch {
    return false;
  }
}

/** Builds unless the build is current; records what it built. Returns whether it built. */
export function buildRendererIfChanged({ root = process.cwd(), build = viteBuild, log = console.log } = {}) {
  if (isBuildCurrent(root)) {
    log('The UI is unchanged since its last build: reusing dist/renderer (npm run build:renderer forces a build).');
    return false;
  }
  const inputs = inputsHash(root);
  build(root);
  const index = builtIndexHash(root);
  if (index === null) throw new Error(`The UI build wrote no ${BUILT_INDEX}.`);
  writeFileSync(path.join(root, STAMP_FILE), `${JSON.stringify({ inputs, index }, null, 2)}\n`);
  return true;
}

function viteBuild(root) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build:renderer'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) throw new Error(`npm run build:renderer failed (exit ${result.status}).`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    buildRendererIfChanged();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
