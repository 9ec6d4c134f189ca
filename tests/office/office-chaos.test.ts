/**
 * Chaos for an office in the normal test run (issue 19): a few fixed seeds with two, three and four
 * desktops on one Ascora account, other users editing between requests and computer clocks days
 * from Ascora's (tests/chaos/office.ts). Many more: `npm run chaos -- --seeds 200`.
 */
import { describe, expect, it } from 'vitest';
import { generateOfficeScenario, runAnyScenario } from '../chaos/office';

/** 9001: two desktops, 9002: three, 9003: four (a seed's desktops are 1 + seed % 4). */
const SEEDS = [9001, 9002, 9003];

describe('seeded office chaos: several desktops, other users between requests, clocks days apart', () => {
  it.each(SEEDS)('seed %i: never twice, nothing lost, every mirror equals Ascora', async (seed) => {
    const scenario = generateOfficeScenario(seed);
    expect(scenario.office?.desktops).toBe(1 + (seed % 4));
    const result = await runAnyScenario(scenario);
    expect(result.violations).toEqual([]);
    expect(result.office.otherUserEdits).toBeGreaterThan(0);
  });

  it('makes the same report into a job on two desktops, and syncs desktops at the same moment', () => {
    const steps = SEEDS.flatMap((seed) => generateOfficeScenario(seed).steps);
    const reportDesktops = new Map<string, Set<number>>();
    for (const step of steps)
      if (step.op === 'jobFromReport')
        reportDesktops.set(
          step.report.reportId,
          (reportDesktops.get(step.report.reportId) ?? new Set()).add(step.desktop ?? 0),
        );
    expect([...reportDesktops.values()].some((desktops) => desktops.size > 1)).toBe(true);
    expect(steps.some((s) => s.op === 'syncTogether')).toBe(true);
    const offsets = SEEDS.flatMap((seed) => generateOfficeScenario(seed).office!.clockOffsetsMs);
    expect(Math.max(...offsets.map(Math.abs))).toBeGreaterThan(24 * 60 * 60_000);
  });
});
