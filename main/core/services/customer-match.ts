/**
 * Which existing customer a report's job goes to. A job cannot be corrected in Ascora once made,
 * so a customer is chosen for the person only on a match an office would accept: the report's
 * name and its email, or its name and its phone in any format. A name alone (two Priya Ramans in
 * different suburbs) is offered with what differs, in words, and never chosen; when unsure, the
 * person chooses and "New customer" stands until they do.
 */
import type { SQL, SQLWrapper } from 'drizzle-orm';
import type { CustomerMatch, CustomerRow } from '../../../shared/domain';
import { nationalPhoneDigits, nationalPhoneDigitsSql } from '../db/phone';

/** What a report says of its client, as the match compares it. */
export interface ReportClient {
  name: string;
  email: string;
  phone: string;
  /** The suburb read from the property address ('' when it could not be read). */
  suburb: string;
}

/** What the match reads of an existing customer. */
export type CandidateCustomer = CustomerRow & { contactFirstName: string; contactLastName: string };

/** Case, spacing and a curly apostrophe (O’Brien from a phone's keyboard) are not differences. */
export function nameKey(name: string): string {
  return name
    .replace(/[\u2018\u2019`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * An Australian phone number as the same key in every format: its national digits
 * (nationalPhoneDigits: "0412 345 678", "+61 412 345 678" and "(04) 1234-5678" are one). A number
 * with fewer than six digits is no number.
 */
export function phoneKey(phone: string): string {
  const digits = nationalPhoneDigits(phone);
  return digits.length < 6 ? '' : digits;
}

/** phoneKey in SQL, for the candidate query (a stored number's national digits). */
export const phoneKeySql = (column: SQLWrapper): SQL => nationalPhoneDigitsSql(column);

const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The customer beside the report: whether it is the same person, and what differs, in words. */
export function compareCustomer(client: ReportClient, c: CandidateCustomer): CustomerMatch {
  const contactName = [c.contactFirstName, c.contactLastName].filter(Boolean).join(' ');
  const sameName = [c.customerName, contactName].some((n) => n && nameKey(n) === nameKey(client.name));
  const sameEmail = client.email.trim() !== '' && sameText(c.emailAddress, client.email);
  const reportPhone = phoneKey(client.phone);
  const phones = [c.phoneNumber, c.mobileNumber].filter((p) => p.trim() !== '');
  const samePhone = reportPhone !== '' && phones.some((p) => phoneKey(p) === reportPhone);

  const differences: string[] = [];
  if (!sameName) differences.push(`Different name: ${c.customerName || contactName || 'none'}`);
  if (client.email.trim() && !sameEmail) {
    differences.push(
      c.emailAddress
        ? `Different email: ${c.emailAddress} (the report has ${client.email})`
        : `No email in Ascora (the report has ${client.email})`,
    );
  }
  if (reportPhone && !samePhone) {
    differences.push(
      phones.length > 0
        ? `Different phone: ${phones.join(' or ')} (the report has ${client.phone})`
        : `No phone in Ascora (the report has ${client.phone})`,
    );
  }
  if (client.suburb && !sameText(c.streetSuburb, client.suburb)) {
    differences.push(
      c.streetSuburb
        ? `Different suburb: ${c.streetSuburb} (the report has ${client.suburb})`
        : `No suburb in Ascora (the report has ${client.suburb})`,
    );
  }
  const sameSuburb = client.suburb !== '' && sameText(c.streetSuburb, client.suburb);
  const same = (
    [
      ['name', sameName],
      ['email', sameEmail],
      ['phone', samePhone],
      ['suburb', sameSuburb],
    ] as const
  ).flatMap(([what, yes]) => (yes ? [what] : []));
  const { contactFirstName: _first, contactLastName: _last, ...row } = c;
  return { ...row, sameCustomer: sameName && (sameEmail || samePhone), same, differences };
}

/**
 * The customers to offer, the same person first (then the fewest differences), and the one to
 * choose for the person: only when exactly one is the same person. Two that are (a duplicate in
 * Ascora) is a choice for a person, not for the app.
 */
export function rankMatches(
  client: ReportClient,
  candidates: CandidateCustomer[],
): { matches: CustomerMatch[]; preselectedCustomerId: number | null } {
  const matches = candidates
    .map((c) => compareCustomer(client, c))
    .sort(
      (a, b) =>
        Number(b.sameCustomer) - Number(a.sameCustomer) || a.differences.length - b.differences.length || a.id - b.id,
    );
  const same = matches.filter((m) => m.sameCustomer);
  return { matches, preselectedCustomerId: same.length === 1 ? same[0]!.id : null };
}
