/**
 * Issue 13, report to job on the screens: the job made from a report says it is waiting to be sent,
 * then the report names its Ascora job number, its preview is read-only and says why, "Open the
 * job" opens that job's panel in Jobs, and importing the same report again says it is already here.
 * Over the real core and a simulator of the test's own.
 */
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Jobs } from '../../renderer/src/screens/Jobs';
import { Reports } from '../../renderer/src/screens/Reports';
import { useSession } from '../../renderer/src/stores/session';
import { startRendererWorld, type RendererWorld } from './support';

const FILE = 'water-damage-parramatta.json';
const sample = () =>
  new File([fs.readFileSync(path.resolve('tests/fixtures/reports', FILE))], FILE, { type: 'application/json' });

let world: RendererWorld;
beforeAll(async () => {
  world = await startRendererWorld({ ownAscora: true });
});
afterAll(() => world.close());

describe('a report made into a job', () => {
  it('shows the job waiting, then its Ascora number with a read-only preview, and opens the job in Jobs', async () => {
    const user = userEvent.setup();
    render(<Reports integrationId={world.integrationId} />);
    await user.upload(screen.getByLabelText('Import RestoreAssist reports (JSON)'), [sample()]);
    await screen.findByRole('status', { name: 'Import results' });
    await user.click(await screen.findByRole('button', { name: 'Priya Raman' }));
    const preview = await screen.findByLabelText('Job preview');
    await user.click(await within(preview).findByRole('button', { name: 'Create job' }));
    await user.click(within(preview).getByRole('button', { name: 'Yes, create the job' }));

    const made = await within(preview).findByRole('status', { name: 'Job from this report' });
    expect(made.textContent).toContain(
      'A job was made from this report: Waiting to send. Saved here; it is sent to Ascora with the next sync.',
    );
    const reportRow = () => screen.getByRole('button', { name: 'Priya Raman' }).closest('tr')!;
    await waitFor(() => expect(reportRow().textContent).toContain('Waiting to send'));

    const result = await world.core.registry.invoke('sync.now', { integrationId: world.integrationId });
    expect(result.ok).toBe(true);
    const job = world
      .ascora!.control.state()
      .jobs.find((j) => j.jobDescription.endsWith('[RA:3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11]'))!;
    await waitFor(() =>
      expect(within(preview).getByRole('status', { name: 'Job from this report' }).textContent).toContain(
        `Ascora job ${job.jobNumber} was made from this report.`,
      ),
    );
    expect(reportRow().textContent).toContain(`Ascora job ${job.jobNumber}`);
    expect(preview.textContent).toContain('The preview below is read-only');
    expect((within(preview).getByLabelText('Job name') as HTMLInputElement).readOnly).toBe(true);
    expect(within(preview).queryByRole('button', { name: 'Create job' })).toBeNull();
    expect(within(preview).queryByRole('button', { name: 'Edit report' })).toBeNull();

    await user.click(within(preview).getByRole('button', { name: 'Open the job' }));
    const localId = (
      world.core.ctx.sqlite.prepare('SELECT id FROM ascora_jobs WHERE ascora_job_id = ?').get(job.jobId) as {
        id: number;
      }
    ).id;
    expect(useSession.getState()).toMatchObject({ screen: 'jobs', focus: { entity: 'job', id: localId } });
    cleanup();
    render(<Jobs integrationId={world.integrationId} />);
    const panel = await screen.findByRole('complementary', { name: 'Job detail' });
    await within(panel).findByText(`Ascora job ${job.jobNumber}`);
  });

  it('says a report imported again is already here, and keeps one', async () => {
    const user = userEvent.setup();
    render(<Reports integrationId={world.integrationId} />);
    await user.upload(screen.getByLabelText('Import RestoreAssist reports (JSON)'), [sample()]);
    const results = await screen.findByRole('status', { name: 'Import results' });
    expect(results.textContent).toContain(`${FILE}: already here, nothing changed`);
    expect(world.core.ctx.sqlite.prepare('SELECT COUNT(*) AS n FROM reports').get()).toEqual({ n: 1 });
  });
});
