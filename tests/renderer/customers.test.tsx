import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customers } from '../../renderer/src/screens/Customers';
import { startRendererWorld, type RendererWorld } from './support';

let world: RendererWorld;
beforeAll(async () => {
  world = await startRendererWorld();
});
afterAll(() => world.close());

const phone = (form: HTMLElement) => within(form).getByLabelText('Phone', { exact: true });
const count = (sql: string) => (world.core.ctx.sqlite.prepare(sql).get() as { n: number }).n;

describe('creating a customer', () => {
  it('refuses what the contract refuses, with its message, and saves nothing; then saves and queues it', async () => {
    const user = userEvent.setup();
    render(<Customers integrationId={world.integrationId} />);
    const before = count('SELECT COUNT(*) AS n FROM ascora_customers');
    await user.click(screen.getByRole('button', { name: 'New customer' }));
    const form = screen.getByRole('form', { name: 'Customer details' });

    // No name at all.
    await user.click(within(form).getByRole('button', { name: 'Create customer' }));
    expect((await within(form).findByRole('alert')).textContent).toContain(
      'A customer needs a name or a company name.',
    );

    await user.type(within(form).getByLabelText('First name'), 'Grace');
    await user.type(within(form).getByLabelText('Email'), 'grace.nguyen@example.com.au');
    await user.type(phone(form), '555');
    await user.click(within(form).getByRole('button', { name: 'Create customer' }));
    // Shown beside the phone field, which says it is invalid.
    expect(phone(form).getAttribute('aria-invalid')).toBe('true');
    const described = document.getElementById(phone(form).getAttribute('aria-describedby') ?? '');
    expect(described?.textContent).toBe('Enter an Australian phone number, e.g. 02 9876 5432 or 0412 345 678.');
    expect(count('SELECT COUNT(*) AS n FROM ascora_customers')).toBe(before);

    await user.clear(phone(form));
    await user.type(phone(form), '(02) 9876 5432');
    await user.click(within(form).getByRole('button', { name: 'Create customer' }));
    // The list's own polite status (what j/k stepped to) is there too, and says nothing here.
    await waitFor(() =>
      expect(screen.getAllByRole('status').map((el) => el.textContent)).toEqual([
        'Saved. It will be sent to Ascora on the next sync.',
        '',
      ]),
    );

    expect(
      count(
        "SELECT COUNT(*) AS n FROM ascora_customers WHERE email_address = 'grace.nguyen@example.com.au' AND sync_state = 'pending'",
      ),
    ).toBe(1);
    expect(count("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'create_customer' AND state = 'pending'")).toBe(1);

    // After the sync the panel says it is in Ascora, and no longer that it will be sent.
    await world.core.registry.invoke('sync.now', { integrationId: world.integrationId });
    await waitFor(() => expect(screen.queryByText('Saved. It will be sent to Ascora on the next sync.')).toBeNull());
    expect(within(screen.getByRole('complementary', { name: 'Customer' })).getByText('In Ascora')).toBeTruthy();
  });
});
