/**
 * Customers with the same name told apart (issue 20, point 8): sixteen "Blue Gum Rentals Pty Ltd"
 * read alike, so wherever customers are listed or picked, a shared name has its contact, suburb and
 * phone beside it. A name no other customer has is shown alone.
 */
import type { CustomerRow } from './domain';

type Named = Pick<
  CustomerRow,
  'customerName' | 'contactName' | 'streetSuburb' | 'phoneNumber' | 'mobileNumber' | 'namesakes'
>;

/**
 * What tells a customer apart from others with its name, "Sam Lee · Parramatta · 0412 345 678"
 * (what it has of them; the contact left out when it is the name itself); '' for a name no other
 * customer has.
 */
export function namesakeDetail(c: Named): string {
  if (c.namesakes === 0) return '';
  const contact = c.contactName.trim().toLowerCase() === c.customerName.trim().toLowerCase() ? '' : c.contactName;
  return [contact, c.streetSuburb, c.phoneNumber || c.mobileNumber].filter((part) => part.trim() !== '').join(' · ');
}

/** The customer's name as a list or picker shows it: with namesakeDetail beside a shared name. */
export function customerLabel(c: Named): string {
  const detail = namesakeDetail(c);
  return detail ? `${c.customerName} · ${detail}` : c.customerName;
}
