// Types for scripts/test-results.mjs (its test imports it).
export declare function tallyResults(runs: {
  vitest: unknown;
  vitestStatus: number;
  vitestUnhandled?: { message: string; file?: string | null }[] | null;
  playwright: unknown;
  playwrightStatus: number;
  securityScanStatus: number;
  root?: string;
}): { passed: number; failed: number; skipped: number; failures: string[] };
