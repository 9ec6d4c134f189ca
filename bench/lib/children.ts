/**
 * How bench/run.ts and bench/scroll.ts start their measured processes: bench/child.ts bundled and
 * forked per task, the browser host for case 10, and the renderer it serves built when stale.
 */
import { execSync, fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { MAIN_BUNDLE_OPTIONS } from '../../scripts/main-bundle.mjs';
import type { ChildMessage, TaskArgs } from '../child';
import { WRITER_LIMITS } from '../../main/core/worker/limits';
import { BENCH_DIR, REPO_ROOT } from './paths';

export const log = (message: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
/**
 * bench/child.ts bundled as the app's main process is (scripts/main-bundle.mjs: one CommonJS file,
 * only the native modules left to node_modules), so the measured processes run on plain Node
 * without a TypeScript loader (its worker thread alone adds tens of MB to the RSS) and load their
 * code as the app does. Kept under node_modules/.cache so the native modules resolve.
 */
const CHILD_BUNDLE = path.join(REPO_ROOT, 'node_modules', '.cache', 'restoreassist-bench', 'child.cjs');
/** The core's worker thread, bundled the same way, as the Electron build bundles it. */
const WORKER_BUNDLE = path.join(path.dirname(CHILD_BUNDLE), 'core-worker.cjs');
/** Its reader threads' script (main/core/worker/reader.ts), bundled the same way. */
const READER_BUNDLE = path.join(path.dirname(CHILD_BUNDLE), 'core-reader.cjs');

export async function bundleChild(): Promise<void> {
  const common: BuildOptions = {
    ...MAIN_BUNDLE_OPTIONS,
    // Case 13's browser driver is the bench's own tool, not the app's: left to node_modules.
    external: [...MAIN_BUNDLE_OPTIONS.external, 'playwright-core', '@playwright/test'],
    logLevel: 'warning',
    // The defaults built from import.meta.url (db/open.ts, worker/thread.ts) go unused: the bench,
    // as the packaged app, passes the migrations folder and the bundled threads' files.
    logOverride: { 'empty-import-meta': 'silent' },
  };
  await build({ ...common, entryPoints: [path.join(BENCH_DIR, 'child.ts')], outfile: CHILD_BUNDLE });
  await build({
    ...common,
    entryPoints: [path.join(REPO_ROOT, 'main', 'core', 'worker', 'entry.ts')],
    outfile: WORKER_BUNDLE,
  });
  await build({
    ...common,
    entryPoints: [path.join(REPO_ROOT, 'main', 'core', 'worker', 'reader.ts')],
    outfile: READER_BUNDLE,
  });
}

/**
 * The first sync's case (1, 8) runs the core on the child's main thread, but the app runs it in the
 * writer thread, whose young generation is bounded (WRITER_LIMITS): the same bound here, or case 8
 * weighs Node 24's default new space of the main thread (up to 128 MB, issue 21) that the app never
 * has. V8 sizes a young generation as three semi-spaces (two, plus as much for large objects). Its
 * old generation's ceiling too, which sets how far V8 lets it grow between collections (limits.ts).
 */
const AS_THE_WRITER_THREAD = [
  `--max-semi-space-size=${Math.floor(WRITER_LIMITS.maxYoungGenerationSizeMb / 3)}`,
  `--max-old-space-size=${WRITER_LIMITS.maxOldGenerationSizeMb}`,
];
const EXEC_ARGV: Record<string, string[]> = { sync: AS_THE_WRITER_THREAD };

function forkChild(task: string, args: Partial<TaskArgs>) {
  const paths = { root: REPO_ROOT, workerFile: WORKER_BUNDLE, readerFile: READER_BUNDLE };
  return fork(CHILD_BUNDLE, [task, JSON.stringify({ ...paths, ...args })], {
    cwd: REPO_ROOT,
    execArgv: EXEC_ARGV[task] ?? [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Runs one task of bench/child.ts in a fresh process; resolves with its answer. */
export function runTask<T>(task: string, args: Partial<TaskArgs>, timeoutMs = 8 * 60_000): Promise<T> {
  const child = forkChild(task, args);
  return new Promise<T>((resolve, reject) => {
    let answered = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${task} took longer than ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('message', (message: ChildMessage) => {
      answered = true;
      clearTimeout(timer);
      if (message.type === 'error') reject(new Error(`${task}: ${message.message}`));
      else resolve(message.value as T);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!answered) reject(new Error(`${task} exited (${code}) without an answer`));
    });
  });
}

/** The browser host in its own process, for case 10. */
export async function withHost<T>(dataDir: string, body: (launchUrl: string) => Promise<T>): Promise<T> {
  const child = forkChild('host', { dataDir });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const launchUrl = await new Promise<string>((resolve, reject) => {
      child.once('message', (message: ChildMessage) =>
        message.type === 'ready'
          ? resolve((message.value as { launchUrl: string }).launchUrl)
          : reject(new Error(message.type === 'error' ? message.message : 'host failed')),
      );
      child.once('exit', (code) => reject(new Error(`the browser host exited (${code})`)));
    });
    return await body(launchUrl);
  } finally {
    if (child.connected) child.send('stop');
    else child.kill('SIGTERM');
    await exited;
  }
}

/** The renderer the browser host serves: built when missing or older than its sources. */
export function ensureRendererBuilt(): void {
  const built = path.join(REPO_ROOT, 'dist', 'renderer', 'index.html');
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
      const full = path.join(dir, entry.name);
      return Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
    }, 0);
  const sources = Math.max(newest(path.join(REPO_ROOT, 'renderer')), newest(path.join(REPO_ROOT, 'shared')));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources) return;
  log('building the renderer (vite build)');
  execSync('npx vite build --logLevel warn', { cwd: REPO_ROOT, stdio: 'inherit' });
}
