/** A customer's contract fields as its mirror row holds them: what the customer form would send unchanged. */
import type { CustomerFields } from '../../shared/contract';
import { one, type SyncWorld } from './sync';

export function customerFieldsOfRow(row: Record<string, unknown>): CustomerFields {
  const text = (column: string) => (row[column] as string | null | undefined) ?? '';
  return {
    customerNumber: text('customer_number'),
    companyName: text('company_name'),
    contactFirstName: text('contact_first_name'),
    contactLastName: text('contact_last_name'),
    emailAddress: text('email_address'),
    phoneNumber: text('phone_number'),
    mobileNumber: text('mobile_number'),
    streetLine1: text('street_line1'),
    streetLine2: text('street_line2'),
    streetSuburb: text('street_suburb'),
    streetState: (row.street_state as CustomerFields['streetState']) ?? null,
    streetPostcode: text('street_postcode'),
    streetCountry: text('street_country') || 'Australia',
  };
}

/** The `index`th customer of the simulator, as the first sync mirrored it, with the fields a person edits. */
export function syncedCustomer(w: SyncWorld, index = 0): { id: number; ascoraId: string; fields: CustomerFields } {
  const ascora = w.sim.control.state().customers[index]!;
  const row = one<Record<string, string | null> & { id: number }>(
    w,
    'SELECT * FROM ascora_customers WHERE ascora_customer_id = ?',
    ascora.customerId,
  );
  return { id: row.id, ascoraId: ascora.customerId, fields: customerFieldsOfRow(row) };
}
