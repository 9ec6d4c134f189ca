import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tallyResults } from '../../scripts/test-results.mjs';

const repo = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-results-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the real Vitest over `files` (globals on) with npm test's reporters; its reports. */
function runVitest(files: Record<string, string>) {
  const root = fs.mkdtempSync(path.join(dir, 'run-'));
  for (const [name, body] of Object.entries(files)) fs.writeFileSync(path.join(root, name), body);
  const status = spawnSync(
    process.execPath,
    [
      path.join(repo, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--root',
      root,
      '--globals',
      '--reporter=json',
      `--reporter=${path.join(repo, 'scripts/vitest-unhandled-errors.mjs')}`,
      `--outputFile.json=${path.join(root, 'vitest.json')}`,
    ],
    { env: { ...process.env, VITEST_UNHANDLED_JSON: path.join(root, 'unhandled.json') }, encoding: 'utf8' },
  ).status;
  const read = (name: string) => JSON.parse(fs.readFileSync(path.join(root, name), 'utf8'));
  return { root, vitest: read('vitest.json'), vitestUnhandled: read('unhandled.json'), vitestStatus: status ?? 1 };
}

const noPlaywrightFailures = { playwright: { stats: { expected: 1 }, suites: [] }, playwrightStatus: 0 };

describe("npm test's tally", () => {
  it('names every failure it counts, the ones outside any test too', () => {
    const run = runVitest({
      'one-fails.test.js': "describe('a group', () => { test('fails', () => { throw new Error('no'); }); });",
      'hook-fails.test.js': "afterAll(() => { throw new Error('cleanup failed'); }); test('passes', () => {});",
      'import-fails.test.js': "throw new Error('broken on import');",
      'rejects-late.test.js':
        "test('passes', () => { setTimeout(() => Promise.reject(new Error('late rejection')), 0); });",
    });
    expect(run.vitestStatus).not.toBe(0);
    const tally = tallyResults({ ...run, ...noPlaywrightFailures, securityScanStatus: 0 });
    expect(tally.failures.sort()).toEqual([
      'vitest: hook-fails.test.js: failed outside its tests: cleanup failed',
      'vitest: import-fails.test.js: failed outside its tests: broken on import',
      'vitest: one-fails.test.js > a group fails',
      'vitest: unhandled error in rejects-late.test.js: late rejection',
    ]);
    // Passed: two tests, the security scan and the one end-to-end test.
    expect(tally).toMatchObject({ failed: 4, passed: 4 });
  });

  it('counts an unhandled rejection after passing tests as one named failure', () => {
    const run = runVitest({
      'rejects-late.test.js':
        "test('passes', () => { setTimeout(() => Promise.reject(new Error('late rejection')), 0); });",
    });
    const tally = tallyResults({ ...run, ...noPlaywrightFailures, securityScanStatus: 0 });
    expect(tally.failures).toEqual(['vitest: unhandled error in rejects-late.test.js: late rejection']);
  });

  it('passes a clean run, and names a Playwright error outside any test and a failing scan', () => {
    const run = runVitest({ 'passes.test.js': "test('passes', () => {});" });
    expect(tallyResults({ ...run, ...noPlaywrightFailures, securityScanStatus: 0 })).toEqual({
      passed: 3,
      failed: 0,
      skipped: 0,
      failures: [],
    });
    // Playwright's JSON report when its global set-up throws: no test ran, one top-level error.
    const playwright = {
      stats: { expected: 0, unexpected: 0 },
      suites: [],
      errors: [{ message: 'Error: no sim\n  at setup' }],
    };
    expect(tallyResults({ ...run, playwright, playwrightStatus: 1, securityScanStatus: 1 }).failures).toEqual([
      'security scan: electronegativity failed (its findings above)',
      'playwright: Error: no sim',
    ]);
  });
});
