/**
 * design.md rule 7 and issue 7 item 2: a sync killed at any moment resumes cleanly. The sync runs
 * in a child process (the real engine, bundled once so it starts in a fifth of a second) that is
 * killed with SIGKILL at seeded points of push and pull: when a request reaches the simulator,
 * after a write is applied but before it is answered, a few milliseconds after an answer (while
 * the child writes it), or at a random time. Between kills a person keeps working. After every
 * kill the file is sound, nothing saved is lost and nothing is in Ascora twice; after each round
 * the sync settles and the whole chaos model holds (tests/chaos/model.ts).
 *
 * `CRASH_KILLS=100 npx vitest run tests/sync/crash.test.ts` is the full run (docs/reliability.md).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkIntegrity, defaultMigrationsFolder, openDatabase } from '../../main/core/db/open';
import { createRandom, type Random } from '../../sim/random';
import type { SimRequestEvent } from '../../sim/server';
import { chaosApiKey, runStep, settleAndCheck, startRun, type Run } from '../chaos/runner';
import { generateScenario, type Step } from '../chaos/scenario';
import { createSyncWorld } from '../support/sync';

const KILLS = Number(process.env.CRASH_KILLS ?? 8);
const SEED = Number(process.env.CRASH_SEED ?? 1);
const KILLS_PER_ROUND = 5;
const CHILD = path.resolve('node_modules/.cache/restoreassist-tests/sync-child.mjs');

type Stage = SimRequestEvent['stage'] | 'timer';
const STAGES = ['received', 'committed', 'responded', 'timer'] as const;
interface KillPlan {
  /** Kill at the k-th request of this child run, at this stage. */
  k: number;
  stage: Stage;
  delayMs: number;
}
interface Tally {
  kills: number;
  missed: number;
  byPhase: Record<string, number>;
  byStage: Record<string, number>;
  rounds: number;
}

beforeAll(async () => {
  await build({
    entryPoints: ['tests/sync/fixtures/sync-child.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: CHILD,
    external: ['better-sqlite3'],
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
});

/** Local work and another user's changes, without conflicts (nobody is there to resolve them). */
const isCrashStep = (s: Step) =>
  [
    'createCustomer',
    'editCustomer',
    'jobFromReport',
    'recordPayment',
    'localStatus',
    'remoteEditJob',
    'remoteAddJob',
    'remoteDeleteJob',
    'remoteAddCustomer',
    'remoteDeleteCustomer',
    'remoteAddInvoice',
    'remoteExportInvoice',
  ].includes(s.op);

describe('a sync killed with SIGKILL at seeded points of push and pull', () => {
  it(
    `loses nothing, duplicates nothing and leaves a sound database (${KILLS} kill points)`,
    async () => {
      const rng = createRandom(SEED);
      const tally: Tally = { kills: 0, missed: 0, byPhase: {}, byStage: {}, rounds: 0 };
      const violations: string[] = [];
      // Which phase a kill lands in depends on how much each run has to send (a run first reads the
      // recent window, then pushes, then pulls): rounds go on, a few at most, until push and pull
      // have each been hit, as well as the kills asked for.
      const maxRounds = Math.ceil(KILLS / KILLS_PER_ROUND) + 4;
      const bothPhases = () => (tally.byPhase.push ?? 0) > 0 && (tally.byPhase.pull ?? 0) > 0;
      while ((tally.kills < KILLS || !bothPhases()) && tally.rounds < maxRounds) {
        const round = SEED * 1000 + tally.rounds++;
        const wanted = tally.kills < KILLS ? Math.min(KILLS_PER_ROUND, KILLS - tally.kills) : 2;
        const found = await crashRound(rng, round, wanted, tally);
        violations.push(...found.map((v) => `round ${round}: ${v.split('\n')[0]}`));
      }
      console.log(
        `crash run (seed ${SEED}): ${tally.kills} kills in ${tally.rounds} rounds, by phase ${JSON.stringify(tally.byPhase)}, by stage ${JSON.stringify(tally.byStage)}, ${tally.missed} child runs ended before their kill point`,
      );
      expect(violations).toEqual([]);
      expect(tally.kills).toBeGreaterThanOrEqual(KILLS);
      expect(tally.byPhase.push ?? 0).toBeGreaterThan(0);
      expect(tally.byPhase.pull ?? 0).toBeGreaterThan(0);
      for (const stage of STAGES) expect(tally.byStage[stage] ?? 0, `kills at stage ${stage}`).toBeGreaterThan(0);
    },
    60_000 + (KILLS + 8) * 4_000,
  );
});

async function crashRound(rng: Random, round: number, kills: number, tally: Tally): Promise<string[]> {
  let armed: { plan: KillPlan; base: number; fire: () => Promise<void> } | null = null;
  let seq = 0;
  let killedOn: 'push' | null;
  const world = await createSyncWorld(
    {
      seed: round,
      jobs: 90,
      customers: 24,
      invoices: 10,
      apiKey: chaosApiKey(round),
      observe: (event) => {
        seq = event.seq;
        if (!armed || event.seq - armed.base !== armed.plan.k || event.stage !== armed.plan.stage) return;
        const { fire, plan } = armed;
        armed = null;
        // A write, or the re-read before a customer update, belongs to the push whatever the child last printed.
        killedOn = event.method === 'POST' || event.route.startsWith('get /customers/customer/') ? 'push' : null;
        if (plan.stage === 'responded') return void setTimeout(() => void fire(), plan.delayMs);
        // Held until the child is dead: the answer never leaves.
        return fire();
      },
    },
    20,
  );
  const run = startRun(world);
  try {
    const steps = generateScenario(round).steps.filter(isCrashStep);
    if (rng.chance(0.5)) await world.engine.syncNow(world.integrationId);
    for (const step of steps.splice(0, 10)) await runStep(run, step);

    // Requests a child run makes: learnt from runs that ended before their kill point.
    let requests = 12;
    for (let done = 0, attempts = 0; done < kills && attempts < kills * 4; attempts++) {
      // Past the kills asked for, a round is only there for the phase not yet hit: the pull.
      const target = tally.kills >= KILLS && !tally.byPhase.pull ? 'pull' : tally.kills % 2 === 0 ? 'push' : 'pull';
      // Every stage at least once, in the small default run too; then chosen at random.
      const stage = tally.kills < STAGES.length ? STAGES[tally.kills]! : rng.pick(STAGES);
      const k = target === 'push' ? rng.int(1, Math.min(4, requests)) : rng.int(Math.min(4, requests), requests);
      const plan: KillPlan = { k, stage, delayMs: stage === 'timer' ? rng.int(150, 700) : rng.int(0, 12) };
      const base = seq;
      killedOn = null;
      const outcome = await runChild(run, 'work', (child) => {
        if (plan.stage === 'timer') setTimeout(() => child.kill(), plan.delayMs);
        else armed = { plan, base, fire: child.kill };
      });
      armed = null;
      if (outcome.kind !== 'killed') {
        tally.missed++;
        requests = Math.max(2, seq - base);
      } else {
        done++;
        tally.kills++;
        const phase = killedOn ?? outcome.phase;
        tally.byPhase[phase] = (tally.byPhase[phase] ?? 0) + 1;
        tally.byStage[plan.stage] = (tally.byStage[plan.stage] ?? 0) + 1;
        run.violations.push(
          ...afterKill(run).map((v) => `after kill ${tally.kills} (${phase}, ${plan.stage} #${plan.k}): ${v}`),
        );
      }
      // The person restarts the app and keeps working.
      for (const step of steps.splice(0, rng.int(0, 3))) await runStep(run, step);
    }
    await settleAndCheck(run, async () => {
      const outcome = await runChild(run, 'settle', () => undefined);
      return outcome.kind === 'settled'
        ? null
        : `unsettled: the sync did not settle after the kills: ${outcome.output.slice(-300)}`;
    });
  } finally {
    // The connection opened after the last child run; the first one was closed before it.
    if (world.core.sqlite !== world.core.database.sqlite) world.core.sqlite.close();
    await world.close();
  }
  return run.violations;
}

type ChildOutcome = { kind: 'killed'; phase: string } | { kind: 'settled' } | { kind: 'unsettled'; output: string };

/**
 * The app is either this child or the person's session in the test, never both at once: the
 * test's connection is closed while the child runs and opened again after, as a restart would.
 * (An FTS5 index read through a connection held open while another process wrote to the file
 * reported transient "corruption" that a fresh connection never saw: that connection's cache.)
 */
async function runChild(
  run: Run,
  mode: 'work' | 'settle',
  arm: (child: { kill: () => Promise<void> }) => void,
): Promise<ChildOutcome & { output: string }> {
  const { core } = run.world;
  // As a quit: the child is the app now, and takes the data folder's lock.
  core.database.closeConnection();
  try {
    return await spawnChild(run, mode, arm);
  } finally {
    // The test's own look at the file between children, not a copy of the app: no lock.
    const reopened = openDatabase({ file: core.database.file, lockAs: false });
    core.db = reopened.db;
    core.sqlite = reopened.sqlite;
  }
}

function spawnChild(
  run: Run,
  mode: 'work' | 'settle',
  arm: (child: { kill: () => Promise<void> }) => void,
): Promise<ChildOutcome & { output: string }> {
  const { world } = run;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        CHILD,
        world.core.database.file,
        world.sim.url,
        world.apiKey.value,
        String(world.integrationId),
        defaultMigrationsFolder(),
        mode,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    let phase = 'start-up';
    let killed = false;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const match of chunk.toString().matchAll(/^PHASE (\w+)$/gm)) phase = match[1]!;
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    arm({
      kill: async () => {
        if (killed || child.exitCode !== null) return;
        killed = true;
        child.kill('SIGKILL');
        await exited;
      },
    });
    child.once('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ kind: 'killed', phase: phase === 'done' ? 'pull' : phase, output });
      else if (code === 0 && output.includes('SETTLED') && !output.includes('UNSETTLED'))
        resolve({ kind: 'settled', output });
      else if (code === 0) resolve({ kind: 'unsettled', output });
      else reject(new Error(`sync child failed (${code}): ${output}`));
    });
  });
}

/** What must hold at once after any kill, before anything settles. */
function afterKill(run: Run): string[] {
  const { world, model } = run;
  const sqlite = world.core.sqlite;
  const problems: string[] = [];
  const integrity = checkIntegrity(sqlite);
  if (!integrity.ok) problems.push(`integrity: ${integrity.problems.join('; ')}`);
  const state = world.sim.control.state();
  for (const job of model.jobCreates) {
    const copies = state.jobs.filter((j) => String(j.jobDescription).trimEnd().endsWith(job.marker)).length;
    if (copies > 1) problems.push(`duplicate create: job ${job.marker} is in Ascora ${copies} times`);
    if (!sqlite.prepare('SELECT 1 FROM ascora_jobs WHERE id = ?').get(job.localId))
      problems.push(`lost change: job #${job.localId} is gone`);
  }
  for (const customer of model.customerCreates) {
    const copies = state.customers.filter((c) => customer.emails.has(String(c.emailAddress))).length;
    if (copies > 1) problems.push(`duplicate create: customer #${customer.localId} is in Ascora ${copies} times`);
    if (!sqlite.prepare('SELECT 1 FROM ascora_customers WHERE id = ?').get(customer.localId))
      problems.push(`lost change: customer #${customer.localId} is gone`);
  }
  for (const payment of model.payments) {
    const copies = state.payments.filter((p) => p.receiptNumber === payment.receipt).length;
    if (copies > 1) problems.push(`duplicate create: payment ${payment.receipt} is in Ascora ${copies} times`);
  }
  const queued = (sqlite.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
  if (queued < model.customerCreates.length + model.jobCreates.length + model.payments.length)
    problems.push(`lost change: the outbox holds ${queued} items`);
  if (!fs.existsSync(world.core.database.file)) problems.push('the database file is gone');
  return problems;
}
