#!/usr/bin/env node
// Runs every test suite (Vitest: core under Node and renderer under jsdom; Playwright: end to end
// in Chromium; electronegativity over the Electron shell, counted as one test) and ends with one
// plain line `N passed, N failed` that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const resultsDir = 'test-results';
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const run = (command, args, env = {}) =>
  spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

const vitestJson = `${resultsDir}/vitest.json`;
const vitestStatus = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);

const playwrightJson = `${resultsDir}/playwright.json`;
const playwrightStatus = run('npx', ['playwright', 'test', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
});

const securityScanStatus = run('node', ['scripts/electronegativity.mjs']);

let passed = 0;
let failed = 0;
let skipped = 0;

if (securityScanStatus === 0) passed += 1;
else failed += 1;

if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that fails to load has no tests counted: count it as a failure, never as silence.
  failed += (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
  ).length;
} else {
  console.error('Vitest wrote no results: counting the whole suite as failed.');
  failed += 1;
}

if (existsSync(playwrightJson)) {
  const stats = JSON.parse(readFileSync(playwrightJson, 'utf8')).stats ?? {};
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  failed += stats.unexpected ?? 0;
  skipped += stats.skipped ?? 0;
} else {
  console.error('Playwright wrote no results: counting the end-to-end suite as failed.');
  failed += 1;
}

if (failed === 0 && (vitestStatus !== 0 || playwrightStatus !== 0)) failed += 1;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
