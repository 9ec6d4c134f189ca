#!/usr/bin/env node
// Runs every test suite (Vitest: core under Node and renderer under jsdom; Playwright: end to end
// in Chromium; electronegativity over the Electron shell, counted as one test) and ends with one
// plain line `N passed, N failed` that CI reads, after the name of every failure it counts
// (scripts/test-results.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tallyResults } from './test-results.mjs';

const resultsDir = 'test-results';
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const run = (command, args, env = {}) =>
  spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

const vitestJson = `${resultsDir}/vitest.json`;
const vitestUnhandledJson = `${resultsDir}/vitest-unhandled.json`;
const vitestStatus = run(
  'npx',
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    '--reporter=./scripts/vitest-unhandled-errors.mjs',
    `--outputFile.json=${vitestJson}`,
  ],
  { VITEST_UNHANDLED_JSON: vitestUnhandledJson },
);

const playwrightJson = `${resultsDir}/playwright.json`;
const playwrightStatus = run('npx', ['playwright', 'test', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
});

const securityScanStatus = run('node', ['scripts/electronegativity.mjs']);

const readReport = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
const { passed, failed, skipped, failures } = tallyResults({
  vitest: readReport(vitestJson),
  vitestStatus,
  vitestUnhandled: readReport(vitestUnhandledJson),
  playwright: readReport(playwrightJson),
  playwrightStatus,
  securityScanStatus,
});
if (failures.length > 0) console.log(`\nFailed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
