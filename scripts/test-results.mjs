// What `npm test` counts (scripts/test.mjs): Vitest's and Playwright's JSON reports and the exit
// status of each run, turned into one tally in which every failure counted has a name. A run can
// fail with no failing test: a file that errors on import or in a hook, an unhandled error or
// rejection outside any test (absent from Vitest's JSON: scripts/vitest-unhandled-errors.mjs
// writes them), or Playwright's global set-up. Each of those is one failure, named, never a bare
// "1 failed"; before, they were one unnamed failure, and none at all beside a failing test.
import path from 'node:path';

/**
 * @param {{
 *   vitest: any | null, vitestStatus: number, vitestUnhandled?: { message: string, file?: string | null }[] | null,
 *   playwright: any | null, playwrightStatus: number,
 *   securityScanStatus: number, root?: string,
 * }} runs
 * @returns {{ passed: number, failed: number, skipped: number, failures: string[] }}
 */
export function tallyResults({
  vitest,
  vitestStatus,
  vitestUnhandled = null,
  playwright,
  playwrightStatus,
  securityScanStatus,
  root = '.',
}) {
  let passed = 0;
  let skipped = 0;
  const failures = [];

  if (securityScanStatus === 0) passed += 1;
  else failures.push('security scan: electronegativity failed (its findings above)');

  if (vitest) {
    const before = failures.length;
    passed += vitest.numPassedTests ?? 0;
    skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
    for (const file of vitest.testResults ?? []) {
      const name = path.relative(root, file.name);
      const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
      for (const t of failedTests) failures.push(`vitest: ${name} > ${t.fullName}`);
      // Failed with no failing test: on import, in a hook, or its worker ended.
      if (file.status === 'failed' && failedTests.length === 0)
        failures.push(`vitest: ${name}: failed outside its tests${file.message ? `: ${file.message}` : ''}`);
    }
    for (const error of vitestUnhandled ?? [])
      failures.push(
        `vitest: unhandled error${error.file ? ` in ${path.relative(root, error.file)}` : ''}: ${firstLine(error.message)}`,
      );
    if (vitestStatus !== 0 && failures.length === before)
      failures.push(`vitest: exited ${vitestStatus} with no failure in its reports (its output above)`);
  } else failures.push('vitest: wrote no results (the whole suite counted as failed)');

  if (playwright) {
    const before = failures.length;
    const stats = playwright.stats ?? {};
    passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
    skipped += stats.skipped ?? 0;
    for (const { title, file } of unexpectedTests(playwright.suites ?? []))
      failures.push(`playwright: ${file} > ${title}`);
    // Tests failed that the walk did not name: still counted, as the report's own figure says.
    for (let i = failures.length - before; i < (stats.unexpected ?? 0); i++)
      failures.push('playwright: a failing test (see the list above)');
    for (const error of playwright.errors ?? [])
      failures.push(`playwright: ${firstLine(error.message ?? error.value ?? 'an error outside any test')}`);
    if (playwrightStatus !== 0 && failures.length === before)
      failures.push(`playwright: exited ${playwrightStatus} with every test passed (its output above)`);
  } else failures.push('playwright: wrote no results (the end-to-end suite counted as failed)');

  return { passed, failed: failures.length, skipped, failures };
}

/** Every test of Playwright's JSON report whose outcome was not the expected one. */
function unexpectedTests(suites, titles = []) {
  const found = [];
  for (const suite of suites) {
    const suiteTitles = suite.title ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? [])
        if (t.status === 'unexpected')
          found.push({ file: spec.file ?? suite.file, title: [...suiteTitles.slice(1), spec.title].join(' > ') });
    found.push(...unexpectedTests(suite.suites ?? [], suiteTitles));
  }
  return found;
}

const firstLine = (text) => String(text).split('\n')[0];
