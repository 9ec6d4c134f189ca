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

if (!existsSync(path.join(electronDir, 'path.txt'))) {
  console.log('Downloading the Electron binary (once)...');
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' },
  });
  if (result.status !== 0 || !existsSync(path.join(electronDir, 'path.txt'))) {
    console.error(
      '\nElectron could not be downloaded on this machine. Run the same app in a browser instead:\n' +
        '  npm run start:web\n' +
        'or retry on a machine that can reach https://github.com/electron/electron/releases.',
    );
    process.exit(1);
  }
}
