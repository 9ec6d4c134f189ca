/**
 * Issue 13 on the screens: a record Ascora no longer has is said to be so where it is shown, and is
 * kept, created again in Ascora, or removed from there; the Sync centre's log then finds the line by
 * its words. Over the real core and a simulator of the test's own, whose records another "user"
 * deletes; two full checks and a direct look-up confirm them missing.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customers } from '../../renderer/src/screens/Customers';
import { JobDetailPanel } from '../../renderer/src/screens/job-detail/JobDetailPanel';
import { SyncCentre } from '../../renderer/src/screens/sync-centre/SyncCentre';
import { useSession } from '../../renderer/src/stores/session';
import { startRendererWorld, type RendererWorld } from './support';

let world: RendererWorld;
let customer: { id: number; name: string; email: string };
let job: { id: number; number: string };

const sql = <T,>(query: string, ...params: unknown[]) => world.core.ctx.sqlite.prepare(query).get(...params) as T;
async function invoke(channel: string, input: unknown) {
  const result = await world.core.registry.invoke(channel as never, input as never);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as never;
}
const fullCheck = () => invoke('sync.now', { integrationId: world.integrationId, kind: 'full' });

beforeAll(async () => {
  world = await startRendererWorld({ ownAscora: true });
  const ascora = world.ascora!;
  const gone = ascora.control.state().customers.find((c) => c.emailAddress && c.contactFirstName)!;
  customer = {
    ...sql<{ id: number; name: string }>(
      'SELECT id, customer_name AS name FROM ascora_customers WHERE ascora_customer_id = ?',
      gone.customerId,
    ),
    email: gone.emailAddress,
  };
  const goneJob = ascora.control.state().jobs[4]!;
  job = {
    id: sql<{ id: number }>('SELECT id FROM ascora_jobs WHERE ascora_job_id = ?', goneJob.jobId).id,
    number: goneJob.jobNumber,
  };
  await invoke('jobs.addNote', { jobId: job.id, text: 'Insurer rang about the drying plan' });
  ascora.control.deleteCustomer(gone.customerId);
  ascora.control.deleteJob(goneJob.jobId);
  await fullCheck();
  await fullCheck();
});
afterAll(() => world.close());

describe('a customer Ascora no longer has, in its panel', () => {
  it('is kept on this computer, then created again in Ascora after the person confirms', async () => {
    const user = userEvent.setup();
    useSession.setState({ focus: { entity: 'customer', id: customer.id } });
    render(<Customers integrationId={world.integrationId} />);
    const panel = await screen.findByRole('complementary', { name: 'Customer' });
    const missing = await within(panel).findByLabelText('No longer in Ascora');
    expect(missing.textContent).toContain(`Ascora no longer has ${customer.name}`);

    await user.click(within(missing).getByRole('button', { name: 'Keep a local copy' }));
    await waitFor(() =>
      expect(within(panel).getByLabelText('No longer in Ascora').textContent).toContain('Kept only on this computer.'),
    );
    expect(within(panel).queryByRole('button', { name: 'Keep a local copy' })).toBeNull();

    await user.click(within(panel).getByRole('button', { name: 'Create it again in Ascora' }));
    const confirm = screen.getByRole('alertdialog', { name: `Create ${customer.name} again in Ascora` });
    expect(confirm.textContent).toContain('sent to Ascora as a new customer with the next sync');
    await user.click(within(confirm).getByRole('button', { name: 'Create it in Ascora' }));
    await waitFor(() => expect(within(panel).queryByLabelText('No longer in Ascora')).toBeNull());
    expect(sql('SELECT sync_state, ascora_customer_id FROM ascora_customers WHERE id = ?', customer.id)).toEqual({
      sync_state: 'pending',
      ascora_customer_id: null,
    });
    await invoke('sync.now', { integrationId: world.integrationId });
    expect(world.ascora!.control.state().customers.filter((c) => c.emailAddress === customer.email)).toHaveLength(1);
  });
});

describe('a job Ascora no longer has, in its panel', () => {
  it('is removed after a confirmation that says what is lost, and the log finds the line', async () => {
    const user = userEvent.setup();
    let closed = false;
    const { unmount } = render(<JobDetailPanel jobId={job.id} onClose={() => (closed = true)} />);
    const panel = await screen.findByRole('complementary', { name: 'Job detail' });
    const missing = await within(panel).findByLabelText('No longer in Ascora');
    expect(within(missing).queryByRole('button', { name: /Create it again/ })).toBeNull();
    await user.click(within(missing).getByRole('button', { name: 'Remove it…' }));
    const confirm = screen.getByRole('alertdialog', { name: `Remove Job ${job.number}` });
    expect(confirm.textContent).toContain('Everything kept here about it is lost: 1 note');
    // The way back has the focus: Enter does not remove.
    expect(document.activeElement?.textContent).toBe('Keep it');
    await user.click(within(confirm).getByRole('button', { name: 'Remove it' }));
    await waitFor(() => expect(closed).toBe(true));
    unmount();
    expect(sql('SELECT COUNT(*) AS n FROM ascora_jobs WHERE id = ?', job.id)).toEqual({ n: 0 });

    render(<SyncCentre integrationId={world.integrationId} />);
    await user.type(screen.getByLabelText('Search the log'), `Job ${job.number}`);
    const log = screen.getByRole('table', { name: 'Sync log' });
    await waitFor(() =>
      expect(
        within(log)
          .getAllByRole('row')
          .slice(1)
          .map((r) => r.textContent),
      ).toEqual([
        expect.stringContaining(`Job ${job.number} (no longer in Ascora) removed from this computer, with 1 note.`),
      ]),
    );
    await user.selectOptions(screen.getByLabelText('About'), 'customer');
    await waitFor(() => expect(screen.getByText('No log entries match.')).toBeTruthy());
  });
});
