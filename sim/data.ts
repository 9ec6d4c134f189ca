/**
 * The simulator's seeded data set, in the wire shapes of ascora-api.md section 3: the same seed
 * gives the same jobs, customers and invoices.
 */
import {
  COMPANIES,
  DAMAGE,
  FIRST_NAMES,
  INSURERS,
  LAST_NAMES,
  LINE_ITEMS,
  PLACES,
  STATUSES,
  STREETS,
  type Place,
} from './places';
import { createRandom, type Random } from './random';

export type IdName = { id: string; name: string } | null;

export interface SimJob {
  jobId: string;
  jobNumber: string;
  topLevelJobNumber: string | null;
  jobName: string;
  jobDescription: string;
  workUndertaken: string;
  jobStatus: number;
  jobStatusText: string;
  dateCreated: string;
  completedDate: string | null;
  pricingMethod: string;
  totalExTax: number;
  totalIncTax: number;
  purchaseOrderNumber: string;
  clientOrderNumber: string;
  addressLine1: string;
  addressLine2: string;
  suburb: string;
  state: string | null;
  postcode: string;
  country: string;
  latitude: number | null;
  longitude: number | null;
  jobType: IdName;
  siteCustomer: IdName;
  siteContact: IdName;
  billingCustomer: IdName;
  billingContact: IdName;
  displayOrder: number | null;
  customFields: unknown;
  [extra: string]: unknown;
}

export interface SimCustomer {
  customerId: string;
  customerNumber: string;
  customerName: string;
  companyName: string;
  contactFirstName: string;
  contactLastName: string;
  emailAddress: string;
  phoneNumber: string;
  mobileNumber: string;
  onHold: boolean;
  billingCustomerOnHold: boolean;
  streetLine1: string;
  streetLine2: string;
  streetSuburb: string;
  streetPostcode: string;
  streetState: string | null;
  streetCountry: string;
  streetLatitude: number | null;
  streetLongitude: number | null;
  postalLine1: string;
  postalLine2: string;
  postalSuburb: string;
  postalState: string | null;
  postalPostcode: string;
  postalCountry: string;
  customerType: unknown;
  leadSource: unknown;
  billingCustomer: unknown;
  assignedUser: unknown;
  customFields: unknown;
  [extra: string]: unknown;
}

export interface SimInvoiceLine {
  itemCode: string;
  description: string;
  quantity: number;
  unitAmountExTax: number;
  amountExTax: number;
  invoiceLineType: string;
}

export interface SimInvoice {
  id: string;
  invoiceNumber: string;
  invoiceDate: string;
  jobId: string;
  invoiceLines: SimInvoiceLine[];
  /** Sent by about half the invoices, as the legacy Accounting API does. */
  Tax?: number;
  InvoiceDueDate?: string;
  /** Not on the wire: the accounting link exported it, so it left GetInvoicesToSend. */
  exported?: boolean;
  [extra: string]: unknown;
}

export interface SimData {
  jobs: SimJob[];
  customers: SimCustomer[];
  invoices: SimInvoice[];
}

export interface GenerateOptions {
  seed: number;
  jobs: number;
  customers: number;
  invoices: number;
}

/** Generated data is anchored to this date, not to "now", so a seed always gives the same set. */
export const DATA_ANCHOR = Date.UTC(2026, 10, 1);
const DAY = 86_400_000;

export const round2 = (n: number) => Math.round(n * 100) / 100;

export function generateData(options: GenerateOptions): SimData {
  const rng = createRandom(options.seed);
  const customers = Array.from({ length: Math.max(1, options.customers) }, (_, i) => makeCustomer(rng, i));
  const jobTypes = [
    { id: rng.guid(), name: 'Standard Job' },
    { id: rng.guid(), name: 'Insurance Job' },
    { id: rng.guid(), name: 'Make Safe' },
  ];
  const jobs = Array.from({ length: options.jobs }, (_, i) => makeJob(rng, i, customers, jobTypes));
  const invoices: SimInvoice[] = [];
  for (let i = 0; i < options.invoices && jobs.length > 0; i++) invoices.push(makeInvoice(rng, i, rng.pick(jobs)));
  return { jobs, customers, invoices };
}

function phone(rng: Random, areaCode: string): string {
  return `${areaCode} ${rng.int(4000, 9999)} ${rng.int(1000, 9999)}`;
}

export function mobile(rng: Random): string {
  return `04${rng.int(10, 99)} ${rng.int(100, 999)} ${rng.int(100, 999)}`;
}

export function makeCustomer(rng: Random, index: number, place: Place = rng.pick(PLACES)): SimCustomer {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const company = rng.chance(0.2) ? rng.pick(COMPANIES) : '';
  const street = `${rng.int(1, 240)} ${rng.pick(STREETS)}`;
  const emailName = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
  return {
    customerId: rng.guid(),
    customerNumber: `C${10000 + index}`,
    customerName: company || `${first} ${last}`,
    companyName: company,
    contactFirstName: first,
    contactLastName: last,
    emailAddress: rng.chance(0.85) ? `${emailName}${index}@example.com.au` : '',
    phoneNumber: rng.chance(0.7) ? phone(rng, place.areaCode) : '',
    mobileNumber: rng.chance(0.8) ? mobile(rng) : '',
    onHold: rng.chance(0.02),
    billingCustomerOnHold: false,
    streetLine1: street,
    streetLine2: '',
    streetSuburb: place.suburb,
    streetPostcode: place.postcode,
    streetState: place.state,
    streetCountry: 'Australia',
    streetLatitude: rng.chance(0.5) ? round2(place.lat + (rng.next() - 0.5) / 50) : null,
    streetLongitude: null,
    postalLine1: street,
    postalLine2: '',
    postalSuburb: place.suburb,
    postalState: place.state,
    postalPostcode: place.postcode,
    postalCountry: 'Australia',
    customerType: null,
    leadSource: null,
    billingCustomer: null,
    assignedUser: null,
    customFields: null,
  };
}

function makeJob(
  rng: Random,
  index: number,
  customers: SimCustomer[],
  jobTypes: { id: string; name: string }[],
): SimJob {
  const customer = rng.pick(customers);
  const damage = rng.pick(DAMAGE);
  const status = rng.pick(STATUSES);
  const insurer = rng.chance(0.75) ? rng.pick(INSURERS) : null;
  const created = DATA_ANCHOR - rng.int(0, 730) * DAY - rng.int(0, DAY - 1);
  const exTax = rng.int(3, 400) * 50;
  const sameSite = rng.chance(0.8);
  const place = sameSite ? null : rng.pick(PLACES);
  const addressLine1 = sameSite ? customer.streetLine1 : `${rng.int(1, 240)} ${rng.pick(STREETS)}`;
  const suburb = place?.suburb ?? customer.streetSuburb;
  return {
    jobId: rng.guid(),
    jobNumber: `J${10000 + index}`,
    topLevelJobNumber: null,
    jobName: `${damage.label} damage – ${addressLine1}, ${suburb}`,
    jobDescription: `${damage.work}${insurer ? `\nInsurer: ${insurer.name}` : ''}`,
    workUndertaken: status.code === 8 ? 'Works completed and signed off.' : '',
    jobStatus: status.code,
    jobStatusText: status.text,
    dateCreated: new Date(created).toISOString(),
    completedDate: status.code === 8 ? new Date(created + rng.int(3, 40) * DAY).toISOString() : null,
    pricingMethod: rng.chance(0.7) ? 'FIXED-PRICE' : 'TIME-AND-MATERIALS',
    totalExTax: exTax,
    totalIncTax: round2(exTax * 1.1),
    purchaseOrderNumber: rng.chance(0.2) ? `PO${rng.int(10000, 99999)}` : '',
    clientOrderNumber: insurer ? `${insurer.prefix}-${rng.int(1000000, 9999999)}` : '',
    addressLine1,
    addressLine2: '',
    suburb,
    state: place?.state ?? customer.streetState,
    postcode: place?.postcode ?? customer.streetPostcode,
    country: 'Australia',
    latitude: rng.chance(0.6) ? round2((place?.lat ?? -33.8) + (rng.next() - 0.5) / 50) : null,
    longitude: null,
    jobType: rng.pick(jobTypes),
    siteCustomer: { id: customer.customerId, name: customer.customerName },
    siteContact: null,
    billingCustomer: { id: customer.customerId, name: customer.customerName },
    billingContact: null,
    displayOrder: null,
    customFields: null,
  };
}

function makeInvoice(rng: Random, index: number, job: SimJob): SimInvoice {
  const lines: SimInvoiceLine[] = Array.from({ length: rng.int(1, 6) }, () => {
    const item = rng.pick(LINE_ITEMS);
    const quantity = item.type === 'discount' ? 1 : rng.int(1, 12);
    return {
      itemCode: item.itemCode,
      description: item.description,
      quantity,
      unitAmountExTax: item.unit,
      amountExTax: round2(item.unit * quantity),
      invoiceLineType: item.type,
    };
  });
  const date = DATA_ANCHOR - rng.int(0, 150) * DAY;
  const invoice: SimInvoice = {
    id: rng.guid(),
    invoiceNumber: `INV-${10000 + index}`,
    invoiceDate: new Date(date).toISOString().slice(0, 19),
    jobId: job.jobId,
    invoiceLines: lines,
  };
  if (rng.chance(0.5)) {
    invoice.Tax = round2(lines.reduce((sum, l) => sum + l.amountExTax, 0) * 0.1);
    invoice.InvoiceDueDate = new Date(date + 14 * DAY).toISOString().slice(0, 19);
  }
  return invoice;
}
