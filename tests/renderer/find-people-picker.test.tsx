/**
 * The job form's customer picker (a job made here, changed before Ascora has it) tells customers
 * sharing a name apart by their contact, suburb and phone (issue 20, point 8), over the real core.
 */
import { fireEvent, render, screen } from '@testing-library/react';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CustomerPicker } from '../../renderer/src/components/CustomerPicker';
import { startRendererWorld, type RendererWorld } from './support';

let world: RendererWorld;
beforeAll(async () => {
  world = await startRendererWorld({ sync: false });
  const insert = world.core.ctx.sqlite.prepare(
    "INSERT INTO ascora_customers (integration_id, ascora_customer_id, customer_name, company_name, contact_first_name, contact_last_name, email_address, phone_number, mobile_number, street_suburb) VALUES (?, ?, 'Harbour Strata Pty Ltd', 'Harbour Strata Pty Ltd', ?, ?, ?, ?, ?, ?)",
  );
  insert.run(world.integrationId, 'hs-1', 'Mei', 'Lin', '', '', '0412 345 678', 'Coogee');
  insert.run(world.integrationId, 'hs-2', 'Tom', 'Reid', 'tom@harbour.example', '(02) 9876 5432', '', 'Manly');
  world.core.ctx.sqlite
    .prepare(
      "INSERT INTO ascora_customers (integration_id, ascora_customer_id, customer_name, contact_first_name, contact_last_name, street_suburb, mobile_number) VALUES (?, 'one-1', 'Ana Silvestri', 'Ana', 'Silvestri', 'Penrith', '0400 111 222')",
    )
    .run(world.integrationId);
});
afterAll(() => world.close());

it('shows contact, suburb and phone beside a shared name, and a name of its own as before', async () => {
  render(<CustomerPicker integrationId={world.integrationId} value={null} currentName={null} onChange={() => {}} />);
  fireEvent.change(screen.getByLabelText('Find a customer'), { target: { value: 'Harbour Strata' } });
  expect(
    await screen.findByRole('radio', { name: 'Harbour Strata Pty Ltd · Mei Lin · Coogee · 0412 345 678' }),
  ).toBeTruthy();
  expect(
    screen.getByRole('radio', {
      name: 'Harbour Strata Pty Ltd · tom@harbour.example · Tom Reid · Manly · (02) 9876 5432',
    }),
  ).toBeTruthy();

  fireEvent.change(screen.getByLabelText('Find a customer'), { target: { value: '+61 400 111 222' } });
  expect(await screen.findByRole('radio', { name: 'Ana Silvestri · Penrith' })).toBeTruthy();
});
