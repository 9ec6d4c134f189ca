#!/usr/bin/env node
// Electron's binary is not fetched by `npm install` (package.json allowScripts has electron: false,
// so installs succeed on machines that cannot reach its download: see README, Building installers).
// `npm start`, `npm run dist` and `npm run test:electron` call this first: it runs Electron's own
// installer once, where the machine can download, and says plainly what to do where it cannot.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = path.dirname(require.resolve('electron/package.json'));

/** The one line a person reads first where the download fails: what to run instead. */
const CANNOT_DOWNLOAD_LINE =
  'Electron could not be downloaded on this machine: run the same app in your browser with `npm run start:web` (the installer output follows).';

if (!existsSync(path.join(electronDir, 'path.txt'))) {
  console.log('Downloading the Electron binary (once)...');
  // The installer's output is held back so that, when it fails, the plain line above its stack
  // trace is the first thing on the screen.
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' },
  });
  const installerOutput =
    `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.trim();
  if (result.status !== 0 || !existsSync(path.join(electronDir, 'path.txt'))) {
    console.error(CANNOT_DOWNLOAD_LINE);
    if (installerOutput) console.error(`\n${installerOutput}\n`);
    console.error('Or retry on a machine that can reach https://github.com/electron/electron/releases.');
    process.exit(1);
  }
  if (installerOutput) console.log(installerOutput);
}
