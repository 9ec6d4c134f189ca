import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// A project whose Electron installer fails as it does on a machine that cannot download it: the
// script is run as `npm start` runs it, against a stand-in electron package (the seam: its install.js).
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'ensure-electron-'));
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));
fs.mkdirSync(path.join(project, 'scripts'));
fs.copyFileSync(path.resolve('scripts/ensure-electron.mjs'), path.join(project, 'scripts/ensure-electron.mjs'));
const electronDir = path.join(project, 'node_modules/electron');
fs.mkdirSync(electronDir, { recursive: true });
fs.writeFileSync(path.join(electronDir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.6.1' }));

describe('npm start where Electron cannot be downloaded', () => {
  it('says first, in one plain line, to run npm run start:web, and only then shows the installer error', () => {
    fs.writeFileSync(
      path.join(electronDir, 'install.js'),
      "console.error('HTTPError: getaddrinfo ENOTFOUND github.com\\n    at downloadArtifact (install.js:1:1)'); process.exit(1);",
    );
    const run = spawnSync(process.execPath, [path.join(project, 'scripts/ensure-electron.mjs')], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    const errorLines = run.stderr.split('\n').filter((line) => line.trim() !== '');
    expect(errorLines[0]).toMatch(/^Electron could not be downloaded on this machine: .*`npm run start:web`/);
    expect(errorLines.findIndex((line) => line.includes('ENOTFOUND'))).toBeGreaterThan(0);
    expect(run.stdout).not.toContain('ENOTFOUND');
  });

  it('does nothing once the binary is there', () => {
    fs.writeFileSync(path.join(electronDir, 'path.txt'), 'electron');
    const run = spawnSync(process.execPath, [path.join(project, 'scripts/ensure-electron.mjs')], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(`${run.stdout}${run.stderr}`).toBe('');
  });
});
