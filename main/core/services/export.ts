/**
 * What a CSV export carries beyond a list's rows: the renderer pages through the list it shows
 * (same filters, same order) and asks here for the rest of each page's columns by id, so an
 * export at 100,000 jobs is 200 small questions, never the whole table at once.
 */
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { CustomerExportDetails, InvoiceExportDetails, JobExportDetails } from '../../../shared/domain';
import type { CoreContext } from '../context';
import { ascoraCustomers, ascoraInvoices, ascoraJobs } from '../db/schema';
import type { HandlerMap } from '../ipc/types';

/** Ascora has no insurer field: the sim and report-mapping.ts write an "Insurer: …" line. */
const INSURER_LINE = /^Insurer:\s*([^,\n]*)/m;

export function insurerOf(description: string): string {
  const name = INSURER_LINE.exec(description)?.[1]?.trim() ?? '';
  return name === '—' ? '' : name;
}

/** Parts of an address on one line, leaving out the empty ones. */
export function oneLineAddress(
  street: (string | null)[],
  suburb: string | null,
  state: string | null,
  postcode: string | null,
) {
  const place = [suburb, state, postcode].filter(Boolean).join(' ');
  return [...street, place].filter(Boolean).join(', ');
}

export function createExportService(ctx: CoreContext) {
  function jobs(ids: number[]): JobExportDetails[] {
    const j = ascoraJobs;
    const c = ascoraCustomers;
    return (
      ctx.db
        .select({
          id: j.id,
          addressLine1: j.addressLine1,
          addressLine2: j.addressLine2,
          suburb: j.suburb,
          state: j.state,
          postcode: j.postcode,
          clientOrderNumber: j.clientOrderNumber,
          purchaseOrderNumber: j.purchaseOrderNumber,
          jobDescription: j.jobDescription,
          siteContactName: j.siteContactName,
          billingContactName: j.billingContactName,
          completedDate: j.completedDate,
          customer: {
            contactFirstName: c.contactFirstName,
            contactLastName: c.contactLastName,
            phoneNumber: c.phoneNumber,
            mobileNumber: c.mobileNumber,
          },
        })
        .from(j)
        // The site customer as the mirror has it: the local one a job made here names, else Ascora's by id.
        .leftJoin(
          c,
          or(
            eq(c.id, j.siteCustomerLocalId),
            and(
              isNull(j.siteCustomerLocalId),
              eq(c.integrationId, j.integrationId),
              eq(c.ascoraCustomerId, j.siteCustomerId),
            ),
          ),
        )
        .where(inArray(j.id, ids))
        .all()
        .map((r) => ({
          id: r.id,
          siteAddress: oneLineAddress([r.addressLine1, r.addressLine2], r.suburb, r.state, r.postcode),
          claimNumber: r.clientOrderNumber,
          purchaseOrderNumber: r.purchaseOrderNumber,
          insurer: insurerOf(r.jobDescription),
          // Ascora rarely names a contact on a job: then the site customer's own contact person.
          contact:
            r.siteContactName ||
            r.billingContactName ||
            [r.customer?.contactFirstName, r.customer?.contactLastName].filter(Boolean).join(' '),
          contactPhone: r.customer?.phoneNumber || r.customer?.mobileNumber || '',
          completedDate: r.completedDate,
        }))
    );
  }

  function customers(ids: number[]): CustomerExportDetails[] {
    const c = ascoraCustomers;
    return ctx.db
      .select()
      .from(c)
      .where(inArray(c.id, ids))
      .all()
      .map((r) => ({
        id: r.id,
        contact: [r.contactFirstName, r.contactLastName].filter(Boolean).join(' '),
        address: oneLineAddress([r.streetLine1, r.streetLine2], r.streetSuburb, r.streetState, r.streetPostcode),
      }));
  }

  function invoices(ids: number[]): InvoiceExportDetails[] {
    const i = ascoraInvoices;
    const j = ascoraJobs;
    return (
      ctx.db
        .select({ id: i.id, dueDate: i.dueDate, claimNumber: j.clientOrderNumber, jobDescription: j.jobDescription })
        .from(i)
        // The invoice's job, as Ascora names it by id: its claim number and insurer.
        .leftJoin(j, and(eq(j.integrationId, i.integrationId), eq(j.ascoraJobId, i.ascoraJobId)))
        .where(inArray(i.id, ids))
        .all()
        .map((r) => ({
          id: r.id,
          dueDate: r.dueDate,
          claimNumber: r.claimNumber ?? '',
          insurer: insurerOf(r.jobDescription ?? ''),
        }))
    );
  }

  const handlers = {
    'jobs.exportDetails': ({ ids }) => jobs(ids),
    'customers.exportDetails': ({ ids }) => customers(ids),
    'invoices.exportDetails': ({ ids }) => invoices(ids),
  } satisfies HandlerMap;
  return { handlers };
}
