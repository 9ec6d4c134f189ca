import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvoicePanel } from '../../renderer/src/screens/Invoices';
import { startRendererWorld, type RendererWorld } from './support';

let world: RendererWorld;
beforeAll(async () => {
  world = await startRendererWorld();
});
afterAll(() => world.close());

describe('recording a payment on an invoice', () => {
  it('refuses more than what remains and saves nothing; saves a payment as pending, then shows it in Ascora after a sync', async () => {
    const invoice = world.core.ctx.sqlite
      .prepare(
        'SELECT id, invoice_number AS number, total_ex_tax_cents + COALESCE(tax_cents, 0) AS total FROM ascora_invoices ORDER BY id LIMIT 1',
      )
      .get() as { id: number; number: string; total: number };
    const user = userEvent.setup();
    render(<InvoicePanel invoiceId={invoice.id} onClose={() => undefined} />);
    const panel = await screen.findByRole('complementary', { name: 'Invoice detail' });
    await within(panel).findByRole('heading', { name: `Invoice ${invoice.number}` });

    await user.type(within(panel).getByLabelText('Amount (AUD)'), String(invoice.total / 100 + 1));
    await user.click(within(panel).getByRole('button', { name: 'Record payment' }));
    await waitFor(() => expect(within(panel).getByRole('alert').textContent).toContain('more than what remains'));
    const payments = () =>
      (world.core.ctx.sqlite.prepare('SELECT COUNT(*) AS n FROM payments').get() as { n: number }).n;
    expect(payments()).toBe(0);

    await user.clear(within(panel).getByLabelText('Amount (AUD)'));
    await user.type(within(panel).getByLabelText('Amount (AUD)'), '10.50');
    await user.click(within(panel).getByRole('button', { name: 'Record payment' }));
    await waitFor(() => expect(within(panel).getByRole('status').textContent).toContain('Payment saved'));
    expect(payments()).toBe(1);
    await waitFor(() => expect(within(panel).getByText('Waiting to send')).toBeTruthy());

    await world.core.registry.invoke('sync.now', { integrationId: world.integrationId });
    await waitFor(() => expect(within(panel).getByText('In Ascora')).toBeTruthy());
    // "Pending and will be sent" would now be stale.
    expect(within(panel).queryByText(/Payment saved/)).toBeNull();
  });
});
