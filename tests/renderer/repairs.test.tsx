/**
 * Issue 13, item 1, on the screens: a payment or a job Ascora refused is put right where it is, over
 * the real core and a simulator of the test's own (its rules and faults make the refusals).
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { InvoicePanel } from '../../renderer/src/screens/Invoices';
import { JobDetailPanel } from '../../renderer/src/screens/job-detail/JobDetailPanel';
import { addCalendarDays, dayIn, systemTimeZone } from '../../shared/time';
import { startRendererWorld, typeDay, type RendererWorld } from './support';

let world: RendererWorld;
afterEach(() => world.close());

const sql = <T,>(query: string, ...params: unknown[]) => world.core.ctx.sqlite.prepare(query).get(...params) as T;
async function invoke(channel: string, input: unknown) {
  const result = await world.core.registry.invoke(channel as never, input as never);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as never;
}
const sync = () => invoke('sync.now', { integrationId: world.integrationId });

/** A report saved here, made into a job for an existing customer (pending until the next sync). */
const REPORT_ID = '3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11';
async function jobFromReport(customerId: number): Promise<{ id: number }> {
  await invoke('reports.create', {
    report: {
      report_id: REPORT_ID,
      property_address: '14 Harris Street, Parramatta NSW 2150',
      damage_type: 'water',
      state: 'NSW',
      client_name: 'Priya Raman',
      total_cost: 3057,
      severity: 'Moderate',
    },
  });
  return (await invoke('jobs.createFromReport', {
    integrationId: world.integrationId,
    reportId: REPORT_ID,
    customer: { mode: 'existing', customerId },
  })) as { id: number };
}

describe('a payment Ascora refused, on the invoice', () => {
  it('shows why, is changed and sent again; a dated-ahead one asks first; a waiting one is withdrawn after the person confirms', async () => {
    world = await startRendererWorld({ ownAscora: true });
    // A method the office set up here that the Ascora tenant does not have: Ascora refuses it.
    await invoke('settings.update', { paymentMethods: ['EFT', 'Direct Debit'] });
    const invoice = sql<{ id: number; number: string }>(
      'SELECT id, invoice_number AS number FROM ascora_invoices ORDER BY id LIMIT 1',
    );
    const user = userEvent.setup();
    render(<InvoicePanel invoiceId={invoice.id} onClose={() => undefined} />);
    const panel = await screen.findByRole('complementary', { name: 'Invoice detail' });
    // A new, empty form after each payment recorded.
    const record = () => within(panel).getByRole('form', { name: 'Record a payment' });
    await waitFor(() => expect(within(record()).getByRole('option', { name: 'Direct Debit' })).toBeTruthy());
    await user.type(within(record()).getByLabelText('Amount (AUD)'), '12.50');
    await user.selectOptions(within(record()).getByLabelText('Method'), 'Direct Debit');
    await user.click(within(record()).getByRole('button', { name: 'Record payment' }));
    await waitFor(() => expect(within(panel).getByRole('status').textContent).toContain('Payment saved'));
    const { id, receipt } = sql<{ id: number; receipt: string }>('SELECT id, receipt_number AS receipt FROM payments');

    await sync();
    await waitFor(() =>
      expect(
        within(panel).getByText("Refused by Ascora: Payment method 'Direct Debit' is not set up in this company."),
      ).toBeTruthy(),
    );
    await user.click(within(panel).getByRole('button', { name: `Change payment ${receipt}` }));
    const change = within(panel).getByRole('form', { name: `Change payment ${receipt}` });
    expect((within(change).getByLabelText('Amount (AUD)') as HTMLInputElement).value).toBe('12.50');
    await user.selectOptions(within(change).getByLabelText('Method'), 'EFT');
    await user.click(within(change).getByRole('button', { name: 'Save and send again' }));
    await waitFor(() => expect(within(panel).queryByRole('form', { name: `Change payment ${receipt}` })).toBeNull());
    expect(sql('SELECT state, payment_method AS method FROM payments WHERE id = ?', id)).toEqual({
      state: 'pending',
      method: 'EFT',
    });
    await sync();
    await waitFor(() => expect(within(panel).getByText('In Ascora')).toBeTruthy());
    expect(world.ascora!.control.state().payments.filter((p) => p.receiptNumber === receipt)).toEqual([
      expect.objectContaining({ paymentMethod: 'EFT', paymentAmount: 12.5 }),
    ]);
    // In Ascora: nothing to change or withdraw any more.
    expect(within(panel).queryByRole('button', { name: `Change payment ${receipt}` })).toBeNull();

    // Dated ahead: the person is asked, nothing is saved until they say so.
    const ahead = addCalendarDays(dayIn(systemTimeZone(), Date.now()), 5);
    expect((within(record()).getByLabelText('Amount (AUD)') as HTMLInputElement).value).toBe('');
    await user.type(within(record()).getByLabelText('Amount (AUD)'), '5');
    await typeDay(user, within(record()).getByRole('group', { name: 'Date' }), ahead);
    await user.click(within(record()).getByRole('button', { name: 'Record payment' }));
    const check = await screen.findByRole('alertdialog', { name: 'Check the payment' });
    expect(check.textContent).toContain('is in the future');
    expect(sql<{ n: number }>('SELECT COUNT(*) AS n FROM payments').n).toBe(1);
    await user.click(within(check).getByRole('button', { name: 'Record anyway' }));
    await waitFor(() => expect(sql<{ n: number }>('SELECT COUNT(*) AS n FROM payments').n).toBe(2));
    const second = sql<{ receipt: string }>(
      'SELECT receipt_number AS receipt FROM payments ORDER BY id DESC LIMIT 1',
    ).receipt;

    // Withdrawn: the confirmation says what happens; the payment is gone and never sent.
    await user.click(await within(panel).findByRole('button', { name: `Withdraw payment ${second}` }));
    const confirm = screen.getByRole('alertdialog', { name: `Withdraw payment ${second}` });
    expect(confirm.textContent).toContain('It is removed from this app and never sent');
    await user.click(within(confirm).getByRole('button', { name: 'Withdraw payment' }));
    await waitFor(() => expect(within(panel).queryByText(second, { exact: false })).toBeNull());
    expect(sql<{ n: number }>('SELECT COUNT(*) AS n FROM payments').n).toBe(1);
    expect(sql<{ n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").n).toBe(0);
  });
});

describe('a job Ascora refused, in its panel', () => {
  it("shows Ascora's reason, takes another customer and is sent again; another is discarded after the person confirms", async () => {
    world = await startRendererWorld({ ownAscora: true });
    const [first, second] = world.core.ctx.sqlite
      .prepare(
        'SELECT id, customer_name AS name FROM ascora_customers WHERE ascora_customer_id IS NOT NULL ORDER BY id LIMIT 2',
      )
      .all() as { id: number; name: string }[];
    const job = await jobFromReport(first!.id);
    world.ascora!.control.setFault('POST /Jobs/Job', {
      kind: 'reject',
      status: 400,
      message: 'Site customer is required.',
      times: 1,
    });
    await sync();

    const user = userEvent.setup();
    render(<JobDetailPanel jobId={job.id} onClose={() => undefined} />);
    const panel = await screen.findByRole('complementary', { name: 'Job detail' });
    await waitFor(() => expect(within(panel).getByText('Refused by Ascora: Site customer is required.')).toBeTruthy());
    await user.click(within(panel).getByRole('button', { name: 'Change and send again' }));
    const form = within(panel).getByRole('form', { name: 'Change the job' });
    await user.type(within(form).getByLabelText('Find a customer'), second!.name);
    await user.click(await within(form).findByRole('radio', { name: new RegExp(`^${second!.name}`) }));
    await user.clear(within(form).getByLabelText('Job name'));
    await user.type(within(form).getByLabelText('Job name'), 'Water damage – kitchen');
    await user.click(within(form).getByRole('button', { name: 'Save and send again' }));
    await waitFor(() => expect(within(panel).queryByRole('form', { name: 'Change the job' })).toBeNull());
    await sync();
    const remote = world.ascora!.control.state().jobs.filter((j) => j.jobDescription.endsWith(`[RA:${REPORT_ID}]`));
    expect(remote).toHaveLength(1);
    expect(remote[0]).toMatchObject({ jobName: 'Water damage – kitchen', siteCustomer: { name: second!.name } });
    await waitFor(() => expect(within(panel).getByText(`Ascora job ${remote[0]!.jobNumber}`)).toBeTruthy());
    expect(within(panel).queryByRole('button', { name: 'Discard job' })).toBeNull();
  });

  it('discards a refused job after saying what is lost; its report is free again', async () => {
    world = await startRendererWorld({ ownAscora: true });
    const customer = sql<{ id: number }>(
      'SELECT id FROM ascora_customers WHERE ascora_customer_id IS NOT NULL ORDER BY id LIMIT 1',
    );
    const job = await jobFromReport(customer.id);
    await invoke('jobs.addNote', { jobId: job.id, text: 'Called the insurer' });
    world.ascora!.control.setFault('POST /Jobs/Job', {
      kind: 'reject',
      status: 400,
      message: 'Site customer is required.',
      times: 1,
    });
    await sync();

    let closed = false;
    const user = userEvent.setup();
    render(<JobDetailPanel jobId={job.id} onClose={() => (closed = true)} />);
    const panel = await screen.findByRole('complementary', { name: 'Job detail' });
    await user.click(await within(panel).findByRole('button', { name: 'Discard job' }));
    const confirm = screen.getByRole('alertdialog', { name: /^Discard the job / });
    expect(confirm.textContent).toContain('Deleted with it: 1 note.');
    expect(confirm.textContent).toContain('Its report can make a job again.');
    // The way back has the focus: Enter alone never discards.
    expect(document.activeElement?.textContent).toBe('Keep it');
    await user.click(within(confirm).getByRole('button', { name: 'Discard job' }));
    await waitFor(() => expect(closed).toBe(true));
    expect(sql('SELECT COUNT(*) AS n FROM ascora_jobs WHERE id = ?', job.id)).toEqual({ n: 0 });
    expect(
      ((await invoke('reports.list', { search: '' })) as { reportId: string; jobId: number | null }[]).find(
        (r) => r.reportId === REPORT_ID,
      )?.jobId,
    ).toBeNull();
  });
});
