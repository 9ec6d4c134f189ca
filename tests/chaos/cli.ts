/**
 * Many chaos seeds (issue 7, item 1): `npx tsx tests/chaos/cli.ts --seeds 200` (or `--from 1000`
 * to start elsewhere). Seeds give one to four desktops in turn (tests/chaos/office.ts, issue 19);
 * `--desktops 1` runs only the single-desktop seeds, `--desktops 2-4` only the offices. A failing
 * seed is written as a replayable scenario file, then shrunk to the shortest run that still fails
 * (at most `--shrink-tries` runs), which is written beside it. `--replay <file>` runs one file.
 * Ends with a plain `N passed, N failed` line; the exit code is 1 if any seed failed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { countByKind, emptyOfficeStats, generateOfficeScenario, runAnyScenario, type OfficeStats } from './office';
import { emptyChaosStats, type ChaosResult, type ChaosStats } from './runner';
import { parseScenario, type Scenario } from './scenario';
import { shrinkScenario } from './shrink';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '200' },
    from: { type: 'string', default: '1' },
    out: { type: 'string', default: 'test-results/chaos' },
    replay: { type: 'string' },
    desktops: { type: 'string', default: '1-4' },
    'no-shrink': { type: 'boolean', default: false },
    'shrink-tries': { type: 'string', default: '400' },
  },
});

const whole = (name: string, raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number, not "${raw}".`);
    process.exit(2);
  }
  return n;
};

function report(result: ChaosResult): void {
  for (const v of result.violations) console.log(`    ${v.split('\n')[0]}`);
}

async function replay(file: string): Promise<void> {
  const scenario = parseScenario(fs.readFileSync(file, 'utf8'));
  const result = await runAnyScenario(scenario);
  console.log(
    `seed ${scenario.seed}, ${scenario.steps.length} steps: ${result.violations.length === 0 ? 'passed' : 'FAILED'}`,
  );
  report(result);
  console.log(`\n${result.violations.length === 0 ? 1 : 0} passed, ${result.violations.length === 0 ? 0 : 1} failed`);
  process.exit(result.violations.length === 0 ? 0 : 1);
}

async function main(): Promise<void> {
  if (values.replay) return replay(values.replay);
  const count = whole('seeds', values.seeds);
  const from = whole('from', values.from);
  const outDir = path.resolve(values.out);
  const [fewest, most] = (/^(\d)(?:-(\d))?$/.exec(values.desktops) ?? []).slice(1).map(Number);
  if (!fewest || fewest > (most || fewest) || (most || fewest) > 4) {
    console.error(`--desktops must be a count or a range within 1-4, not "${values.desktops}".`);
    process.exit(2);
  }
  const totals: ChaosStats = emptyChaosStats();
  const office: OfficeStats = emptyOfficeStats();
  const byKind = new Map<string, number>();
  const seedsByDesktops = new Map<number, number>();
  const failed: number[] = [];
  const started = Date.now();
  let ran = 0;
  for (let seed = from; seed < from + count; seed++) {
    const scenario = generateOfficeScenario(seed);
    const desktops = scenario.office?.desktops ?? 1;
    if (desktops < fewest || desktops > (most || fewest)) continue;
    ran++;
    seedsByDesktops.set(desktops, (seedsByDesktops.get(desktops) ?? 0) + 1);
    const result = await runAnyScenario(scenario);
    for (const key of Object.keys(totals) as (keyof ChaosStats)[]) totals[key] += result.stats[key];
    for (const key of Object.keys(office) as (keyof OfficeStats)[]) office[key] += result.office[key];
    for (const [kind, n] of countByKind(result.violations)) byKind.set(kind, (byKind.get(kind) ?? 0) + n);
    if (result.violations.length === 0) {
      if ((seed - from + 1) % 20 === 0)
        console.log(`seeds ${from}..${seed}: ${seed - from + 1 - failed.length} passed, ${failed.length} failed`);
      continue;
    }
    failed.push(seed);
    console.log(`seed ${seed} FAILED (${desktops} desktop${desktops > 1 ? 's' : ''}, ${scenario.steps.length} steps):`);
    report(result);
    fs.mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, `seed-${seed}.json`);
    fs.writeFileSync(file, JSON.stringify(scenario, null, 2));
    console.log(
      `  scenario: ${file}  (replay: npx tsx tests/chaos/cli.ts --replay ${path.relative(process.cwd(), file)})`,
    );
    if (!values['no-shrink']) await shrinkAndWrite(scenario, result, path.join(outDir, `seed-${seed}.min.json`));
  }
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const perDesktops = [...seedsByDesktops].sort(([a], [b]) => a - b).map(([d, n]) => `${n} with ${d}`);
  console.log(
    `\n${ran} seeds (${from}..${from + count - 1}; desktops: ${perDesktops.join(', ')}) in ${minutes} min: ${totals.steps} steps, ${totals.syncRuns} sync runs, ` +
      `${totals.requests} requests (${totals.faultyAnswers} answered with a fault), ${totals.customerCreates} customer and ${totals.jobCreates} job creates, ` +
      `${totals.customerEdits} customer fields edited, ${totals.payments} payments, ${totals.conflicts} conflicts, ` +
      `${totals.needsCheck} payments left for a person to check, ${totals.legitimateFailures} changes Ascora refused, ${totals.refusedByApp} refused by the app`,
  );
  console.log(
    `office: ${office.otherUserEdits} edits by other users between requests, ${office.extraJobs} extra jobs for a report ` +
      `(${office.extraJobsShown} shown to a person), ${office.extraCustomers} extra customers (${office.extraCustomersShown} shown), ` +
      `${office.customersParkedForPerson} new customers parked for a person to look up, ` +
      `${office.blindOverwrites} other users' edits replaced by a save between its read and its write`,
  );
  if (byKind.size > 0) console.log(`violations by kind: ${[...byKind].map(([kind, n]) => `${kind} ${n}`).join(', ')}`);
  if (failed.length > 0) console.log(`failed seeds: ${failed.join(', ')}`);
  console.log(`${ran - failed.length} passed, ${failed.length} failed`);
  process.exit(failed.length === 0 ? 0 : 1);
}

async function shrinkAndWrite(scenario: Scenario, result: ChaosResult, file: string): Promise<void> {
  const shrunk = await shrinkScenario(scenario, result.violations, runAnyScenario, {
    maxTries: whole('shrink-tries', values['shrink-tries']),
    onProgress: (steps, tries) => process.stdout.write(`  shrinking: ${steps} steps after ${tries} tries\r`),
  });
  fs.writeFileSync(file, JSON.stringify(shrunk.scenario, null, 2));
  console.log(`\n  shortest failing run: ${shrunk.scenario.steps.length} steps (${shrunk.tries} tries): ${file}`);
  for (const step of shrunk.scenario.steps) console.log(`    ${JSON.stringify(step)}`);
  for (const v of shrunk.violations) console.log(`  -> ${v.split('\n')[0]}`);
}

await main();
