// A Vitest reporter for `npm test`: writes the run's unhandled errors (an error or rejection
// outside any test, which fails the run but is absent from Vitest's JSON report) to the file named
// by VITEST_UNHANDLED_JSON, so that scripts/test-results.mjs counts and names each one.
import { writeFileSync } from 'node:fs';

export default class UnhandledErrorsReporter {
  onTestRunEnd(_testModules, unhandledErrors = []) {
    const file = process.env.VITEST_UNHANDLED_JSON;
    if (!file) return;
    const errors = unhandledErrors.map((e) => ({
      name: e?.name ?? 'Error',
      message: String(e?.message ?? e),
      // Where it came from, when Vitest knows: the test file that was running.
      file: e?.VITEST_TEST_PATH ?? null,
    }));
    writeFileSync(file, JSON.stringify(errors));
  }
}
