import { afterEach, describe, expect, it } from 'vitest';
import { createOfficeWorld, DAY_MS, type Desktop, type OfficeWorld } from '../support/office';
import { one } from '../support/sync';

let office: OfficeWorld | null = null;
afterEach(async () => {
  await office?.close();
  office = null;
});

describe('an office of desktops on one Ascora account', () => {
  it('gives each desktop its own mirror of the same account, and each its own computer clock', async () => {
    office = await createOfficeWorld({ desktops: 2, clockOffsetsMs: [0, 3 * DAY_MS] });
    const [a, b] = office.desktops as [Desktop, Desktop];
    await a.engine.syncNow(a.integrationId, { kind: 'full' });
    await b.engine.syncNow(b.integrationId, { kind: 'full' });
    const jobs = (d: Desktop) => one<{ n: number }>(d, 'SELECT count(*) AS n FROM ascora_jobs').n;
    expect(jobs(a)).toBe(300);
    expect(jobs(b)).toBe(300);
    expect(a.core.dataDir).not.toBe(b.core.dataDir);
    expect(b.clock.now() - a.clock.now()).toBe(3 * DAY_MS);
  });
});
