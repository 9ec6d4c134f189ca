/** The demo workspace's Ascora survives a restart of the app, as the real one would. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, startSimulator } from '../../sim/server';
import { makeTempDir } from '../support/db';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const post = (url: string, route: string, body: unknown) =>
  fetch(`${url}${route}`, {
    method: 'POST',
    headers: { Auth: DEMO_API_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }).then((r) => r.json() as Promise<{ job: { jobNumber: string } }>);

describe('a simulator with a state file', () => {
  it('keeps what was written through a restart, and numbers on from where it was', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const stateFile = path.join(dir, 'demo-ascora.json');
    const first = await startSimulator({ port: 0, seed: 5, jobs: 30, stateFile });
    const customer = first.control.state().customers[0]!;
    const made = await post(first.url, '/Jobs/Job', {
      siteCustomer: { id: customer.customerId },
      jobName: 'Kept across a restart',
    });
    await first.close();

    const second = await startSimulator({ port: 0, seed: 5, jobs: 30, stateFile });
    try {
      const jobs = second.control.state().jobs;
      expect(jobs.filter((j) => j.jobName === 'Kept across a restart').map((j) => j.jobNumber)).toEqual([
        made.job.jobNumber,
      ]);
      const next = await post(second.url, '/Jobs/Job', {
        siteCustomer: { id: customer.customerId },
        jobName: 'After the restart',
      });
      expect(Number(next.job.jobNumber.slice(1))).toBe(Number(made.job.jobNumber.slice(1)) + 1);
    } finally {
      await second.close();
    }
  });

  it('sets an unreadable file aside and starts from the seed', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const stateFile = path.join(dir, 'demo-ascora.json');
    fs.writeFileSync(stateFile, '{ not json');
    const sim = await startSimulator({ port: 0, seed: 5, jobs: 30, stateFile });
    await sim.close();
    expect(fs.readdirSync(dir).some((f) => f.startsWith('demo-ascora.json.unreadable-'))).toBe(true);
    expect((JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { jobs: unknown[] }).jobs).toHaveLength(30);
  });
});
