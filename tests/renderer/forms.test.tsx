import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Connect } from '../../renderer/src/screens/Connect';
import { Customers } from '../../renderer/src/screens/Customers';
import { InvoicePanel } from '../../renderer/src/screens/Invoices';
import { ReportForm } from '../../renderer/src/screens/ReportForm';
import type { Report } from '../../shared/domain';
import { dayIn, systemTimeZone } from '../../shared/time';
import { startRendererWorld, typeDay, type RendererWorld } from './support';

let world: RendererWorld;
beforeAll(async () => {
  world = await startRendererWorld();
});
afterAll(() => world.close());
afterEach(cleanup);

const count = (table: string) =>
  (world.core.ctx.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

/** The problem shown for a control: what its aria-describedby points at, and whether it says it is invalid. */
function problemOf(control: HTMLElement): string | null {
  if (control.getAttribute('aria-invalid') !== 'true') return null;
  const ids = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  const texts = ids.map((id) => document.getElementById(id)).filter((el) => el?.className.includes('field-problem'));
  return texts[0]?.textContent ?? null;
}

describe('forms show every problem beside its field, in plain words', () => {
  it('a new customer: all problems at once, nothing sent, each cleared when fixed; the limit shows while typing', async () => {
    const user = userEvent.setup();
    render(<Customers integrationId={world.integrationId} />);
    await user.click(await screen.findByRole('button', { name: 'New customer' }));
    const form = await screen.findByRole('form', { name: 'Customer details' });
    const company = within(form).getByLabelText('Company');
    const email = within(form).getByLabelText('Email');
    const phone = within(form).getByLabelText('Phone');
    const before = count('ascora_customers');

    await user.click(company);
    await user.paste('B'.repeat(170));
    // Within 20% of the 200-character limit: the count shows, and is read with the field.
    expect(within(form).getByText('170/200')).toBeTruthy();
    await user.paste('B'.repeat(31));
    await user.type(email, 'not-an-email');
    await user.type(phone, '12');
    await user.click(within(form).getByRole('button', { name: 'Create customer' }));

    expect(problemOf(company)).toBe('Company can be at most 200 characters.');
    expect(problemOf(email)).toBe('Enter a valid email address.');
    expect(problemOf(phone)).toBe('Enter an Australian phone number, e.g. 02 9876 5432 or 0412 345 678.');
    expect(within(form).getByText('201/200')).toBeTruthy();
    expect(count('ascora_customers')).toBe(before);
    expect(form.textContent).not.toMatch(/Too big|Invalid input|Fields:|Company name:/);

    // Fixing one clears its problem and leaves the others.
    await user.clear(email);
    await user.type(email, 'office@example.com.au');
    expect(problemOf(email)).toBeNull();
    expect(email.getAttribute('aria-invalid')).toBeNull();
    expect(problemOf(phone)).not.toBeNull();

    await user.clear(phone);
    await user.type(phone, '0412 345 678');
    await user.clear(company);
    await user.type(company, 'Harbour Strata');
    expect(within(form).queryByText(/can be at most|valid email|Australian phone/)).toBeNull();
    await user.click(within(form).getByRole('button', { name: 'Create customer' }));
    await waitFor(() => expect(count('ascora_customers')).toBe(before + 1));
  });

  it('a customer without a name is told so by the button, not under a field', async () => {
    const user = userEvent.setup();
    render(<Customers integrationId={world.integrationId} />);
    await user.click(await screen.findByRole('button', { name: 'New customer' }));
    const form = await screen.findByRole('form', { name: 'Customer details' });
    await user.click(within(form).getByRole('button', { name: 'Create customer' }));
    expect(within(form).getByRole('alert').textContent).toBe('A customer needs a name or a company name.');
  });
});

describe("the payment form's date", () => {
  it('shows dd/mm/yyyy in a browser whose language is en-US, and records the day typed', async () => {
    expect(navigator.language).toBe('en-US');
    const invoice = world.core.ctx.sqlite
      .prepare(
        "SELECT id, invoice_number AS number FROM ascora_invoices WHERE invoice_date < '2026-10-01' ORDER BY id LIMIT 1",
      )
      .get() as { id: number; number: string };
    const user = userEvent.setup();
    render(<InvoicePanel invoiceId={invoice.id} onClose={() => undefined} />);
    const panel = await screen.findByRole('complementary', { name: 'Invoice detail' });
    const form = await within(panel).findByRole('form', { name: 'Record a payment' });
    const date = within(form).getByRole('group', { name: 'Date' });
    const today = dayIn(systemTimeZone(), Date.now());
    const [y, m, d] = today.split('-');
    expect(date.textContent?.replace(/[\u2066-\u2069\u200e]/g, '')).toBe(`${d}/${m}/${y}`);
    const segments = within(date).getAllByRole('spinbutton');
    expect(segments.map((s) => s.getAttribute('aria-label') ?? s.getAttribute('data-type'))).toEqual([
      expect.stringMatching(/day/i),
      expect.stringMatching(/month/i),
      expect.stringMatching(/year/i),
    ]);

    await typeDay(user, date, '2026-10-05');
    expect(date.textContent?.replace(/[\u2066-\u2069\u200e]/g, '')).toBe('05/10/2026');
    await user.type(within(form).getByLabelText('Amount (AUD)'), '1.25');
    await user.click(within(form).getByRole('button', { name: 'Record payment' }));
    await waitFor(() => expect(within(panel).getByRole('status').textContent).toContain('Payment saved'));
    const saved = world.core.ctx.sqlite
      .prepare('SELECT payment_date AS date FROM payments WHERE invoice_id = ?')
      .get(invoice.id) as { date: string };
    expect(saved.date).toBe('2026-10-05');
  });
});

describe('the report form', () => {
  it('shows every problem at once beside its field, and clears each when fixed', async () => {
    const user = userEvent.setup();
    let saved: Report | null = null;
    render(<ReportForm initial={null} onSaved={(r) => (saved = r)} onCancel={() => undefined} />);
    const form = screen.getByRole('form', { name: 'New report' });
    const address = within(form).getByLabelText('Property address (street, suburb STATE postcode)');
    await user.click(address);
    await user.paste('x'.repeat(301));
    await user.type(within(form).getByLabelText('Client email'), 'grace@');
    await user.click(within(form).getByRole('button', { name: 'Save report' }));

    const client = within(form).getByLabelText('Client name');
    expect(problemOf(client)).toBe('The client name is required.');
    expect(problemOf(address)).toBe('Property address can be at most 300 characters.');
    expect(problemOf(within(form).getByLabelText('Client email'))).not.toBeNull();
    expect(saved).toBeNull();

    await user.type(client, 'Grace Nguyen');
    expect(problemOf(client)).toBeNull();
    expect(problemOf(address)).not.toBeNull();
  });
});

describe('the connect form', () => {
  it('says what is wrong with the key beside it, and a connection failure once, in the form', async () => {
    const user = userEvent.setup();
    const integrations = count('ascora_integrations');
    render(<Connect />);
    const form = screen.getByRole('form', { name: 'Connect with an API key' });
    const key = within(form).getByLabelText('Ascora API key');
    await user.type(key, 'short');
    await user.click(within(form).getByRole('button', { name: 'Save and connect' }));
    expect(problemOf(key)).toBe('The API key looks too short.');
    expect(count('ascora_integrations')).toBe(integrations);

    await user.type(key, '-but-long-enough');
    expect(problemOf(key)).toBeNull();
    // Nothing listens on port 1 of this computer: refused at once.
    await user.click(within(form).getByText('Advanced'));
    const address = within(form).getByLabelText('Ascora address');
    await user.clear(address);
    await user.type(address, 'http://127.0.0.1:1');
    await user.click(within(form).getByRole('button', { name: 'Test connection' }));
    // The test call retries a refused connection a few times before it answers.
    const alert = await within(form).findByRole('alert', {}, { timeout: 20_000 });
    expect(alert.textContent).toMatch(/^Ascora could not be reached \([A-Z_]+\)\. Check the internet connection/);
    expect(alert.textContent?.match(/could not be reached/g)).toHaveLength(1);
  });
});
