/**
 * Shrinking a failing scenario (delta debugging): drop chunks of steps, halving the chunk size,
 * and keep every removal after which the run still fails the same way (same violation category).
 * What is left is the shortest run found that still shows the failure.
 */
import { categoryOf } from './model';
import type { ChaosResult } from './runner';
import type { Scenario } from './scenario';

export interface ShrinkResult {
  scenario: Scenario;
  violations: string[];
  tries: number;
}

export async function shrinkScenario(
  failing: Scenario,
  violations: string[],
  run: (s: Scenario) => Promise<ChaosResult>,
  options: { maxTries?: number; onProgress?: (steps: number, tries: number) => void } = {},
): Promise<ShrinkResult> {
  const wanted = new Set(violations.map(categoryOf));
  const stillFails = (result: ChaosResult) => result.violations.some((v) => wanted.has(categoryOf(v)));
  const maxTries = options.maxTries ?? 400;
  let best = { scenario: failing, violations };
  let tries = 0;
  let chunk = Math.max(1, Math.floor(failing.steps.length / 2));
  while (chunk >= 1 && tries < maxTries) {
    let removedAny = false;
    for (let start = 0; start < best.scenario.steps.length && tries < maxTries;) {
      const steps = [...best.scenario.steps.slice(0, start), ...best.scenario.steps.slice(start + chunk)];
      const candidate = { ...best.scenario, steps };
      tries++;
      const result = await run(candidate);
      if (stillFails(result)) {
        best = { scenario: candidate, violations: result.violations };
        removedAny = true;
        options.onProgress?.(steps.length, tries);
      } else start += chunk;
    }
    if (!removedAny || chunk > 1) chunk = Math.floor(chunk / 2);
  }
  return { ...best, tries };
}
