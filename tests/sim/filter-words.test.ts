/**
 * The simulator's forgiving FilterText ('words'): as a fuzzy search engine, it splits the text into
 * words and returns every record where at least half of them are found, near matches included. A
 * look-up in the app that trusted the answer without checking it would adopt the wrong record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, startSimulator, type RunningSimulator } from '../../sim/server';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 31, jobs: 60, customers: 20, invoices: 2, filterTextScope: 'words' });
});
afterAll(() => sim.close());

type Listed<T> = { results: T[] };
const getJson = async <T>(path: string): Promise<T> =>
  (await fetch(`${sim.url}${path}`, { headers: { Auth: DEMO_API_KEY } })).json() as Promise<T>;
const jobIdsFor = async (text: string) =>
  (
    await getJson<Listed<{ jobId: string }>>(`/Jobs/Jobs?FilterText=${encodeURIComponent(text)}&PageSize=1000`)
  ).results.map((j) => j.jobId);
const customerIdsFor = async (text: string) =>
  (
    await getJson<Listed<{ customerId: string }>>(
      `/Customers/Customers?filterText=${encodeURIComponent(text)}&PageSize=1000`,
    )
  ).results.map((c) => c.customerId);

describe("FilterText in the 'words' scope", () => {
  it('finds a customer by half of the words, with a slip in one, in any searched field', async () => {
    const ada = sim.control.addCustomer({
      contactFirstName: 'Adalind',
      contactLastName: 'Quokkafield',
      emailAddress: 'ada.quokkafield@example.com.au',
      streetLine1: '12 Wattlebird Crescent',
    });
    // Exact, a prefix, a slip ('Quokkafeld'), and words from two fields at once.
    for (const text of ['Adalind Quokkafield', 'Quokka', 'Quokkafeld', 'Wattlebird Adalind'])
      expect(await customerIdsFor(text)).toContain(ada.customerId);
    // Half the words are enough: the first name alone finds her under another surname.
    expect(await customerIdsFor('Adalind Zzyzxwv')).toContain(ada.customerId);
    // Fewer than half are not.
    expect(await customerIdsFor('Adalind Zzyzxwv Qqqqqqq')).not.toContain(ada.customerId);
  });

  it('returns near matches too: namesakes and look-alike emails come back with the one asked for', async () => {
    const [mine, namesake] = sim.control.addNamesakes(2, { contactFirstName: 'Brannock', contactLastName: 'Wexley' });
    const lookAlike = sim.control.addCustomer({
      contactFirstName: 'Someone',
      contactLastName: 'Else',
      emailAddress: 'chaos.77x2@example.com.au',
    });
    sim.control.editCustomer(mine!.customerId, { emailAddress: 'chaos.77x1@example.com.au' });
    const byEmail = await customerIdsFor('chaos.77x1@example.com.au');
    expect(byEmail).toEqual(expect.arrayContaining([mine!.customerId, lookAlike.customerId]));
    expect(await customerIdsFor('Brannock Wexley')).toEqual(
      expect.arrayContaining([mine!.customerId, namesake!.customerId]),
    );
  });

  it("finds a job by its report marker, and other reports' jobs whose markers share half the words", async () => {
    const [first, second, third] = sim.control.state().jobs;
    sim.control.editJob(first!.jobId, { jobDescription: 'Water damage.\n[RA:11111111-2222-3333-4444-555555555555]' });
    // Shares 'ra' and two of the id's five parts: a near match for the first marker.
    sim.control.editJob(second!.jobId, { jobDescription: 'Storm.\n[RA:11111111-2222-9999-8888-777777777777]' });
    sim.control.editJob(third!.jobId, { jobDescription: 'Mould.\n[RA:abcdefab-cdef-abcd-efab-cdefabcdefab]' });
    const found = await jobIdsFor('[RA:11111111-2222-3333-4444-555555555555]');
    expect(found).toEqual(expect.arrayContaining([first!.jobId, second!.jobId]));
    expect(found).not.toContain(third!.jobId);
  });

  it("is switched at run time, and 'everything' again matches the whole text only", async () => {
    const job = sim.control.addJob({ jobName: 'Flooded Kookaburra cellar' });
    sim.control.setFilterTextScope('everything');
    expect(await jobIdsFor('Kookaburra basement')).not.toContain(job.jobId);
    sim.control.setFilterTextScope('words');
    expect(await jobIdsFor('Kookaburra basement')).toContain(job.jobId);
  });
});
