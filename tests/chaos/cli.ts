/**
 * Many chaos seeds (issue 7, item 1): `npx tsx tests/chaos/cli.ts --seeds 200` (or `--from 1000`
 * to start elsewhere). A failing seed is written as a replayable scenario file, then shrunk to the
 * shortest run that still fails, which is written beside it. `--replay <file>` runs one file.
 * Ends with a plain `N passed, N failed` line; the exit code is 1 if any seed failed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { emptyChaosStats, runScenario, type ChaosResult, type ChaosStats } from './runner';
import { generateScenario, parseScenario, type Scenario } from './scenario';
import { shrinkScenario } from './shrink';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '200' },
    from: { type: 'string', default: '1' },
    out: { type: 'string', default: 'test-results/chaos' },
    replay: { type: 'string' },
    'no-shrink': { type: 'boolean', default: false },
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
  const result = await runScenario(scenario);
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
  const totals: ChaosStats = emptyChaosStats();
  const failed: number[] = [];
  const started = Date.now();
  for (let seed = from; seed < from + count; seed++) {
    const scenario = generateScenario(seed);
    const result = await runScenario(scenario);
    for (const key of Object.keys(totals) as (keyof ChaosStats)[]) totals[key] += result.stats[key];
    if (result.violations.length === 0) {
      if ((seed - from + 1) % 20 === 0)
        console.log(`seeds ${from}..${seed}: ${seed - from + 1 - failed.length} passed, ${failed.length} failed`);
      continue;
    }
    failed.push(seed);
    console.log(`seed ${seed} FAILED (${scenario.steps.length} steps):`);
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
  console.log(
    `\n${count} seeds (${from}..${from + count - 1}) in ${minutes} min: ${totals.steps} steps, ${totals.syncRuns} sync runs, ` +
      `${totals.requests} requests (${totals.faultyAnswers} answered with a fault), ${totals.customerCreates} customer and ${totals.jobCreates} job creates, ` +
      `${totals.customerEdits} customer fields edited, ${totals.payments} payments, ${totals.conflicts} conflicts, ` +
      `${totals.needsCheck} payments left for a person to check, ${totals.legitimateFailures} changes Ascora refused, ${totals.refusedByApp} refused by the app`,
  );
  if (failed.length > 0) console.log(`failed seeds: ${failed.join(', ')}`);
  console.log(`${count - failed.length} passed, ${failed.length} failed`);
  process.exit(failed.length === 0 ? 0 : 1);
}

async function shrinkAndWrite(scenario: Scenario, result: ChaosResult, file: string): Promise<void> {
  const shrunk = await shrinkScenario(scenario, result.violations, runScenario, {
    onProgress: (steps, tries) => process.stdout.write(`  shrinking: ${steps} steps after ${tries} tries\r`),
  });
  fs.writeFileSync(file, JSON.stringify(shrunk.scenario, null, 2));
  console.log(`\n  shortest failing run: ${shrunk.scenario.steps.length} steps (${shrunk.tries} tries): ${file}`);
  for (const step of shrunk.scenario.steps) console.log(`    ${JSON.stringify(step)}`);
  for (const v of shrunk.violations) console.log(`  -> ${v.split('\n')[0]}`);
}

await main();
