/**
 * The simulator's tenant: Ascora's data and the rules its endpoints apply. Also the control
 * surface tests use to act as "another Ascora user" or as the company's accounting link.
 */
import {
  generateData,
  makeCustomer,
  mobile,
  round2,
  type SimCustomer,
  type SimData,
  type SimInvoice,
  type SimJob,
} from './data';
import { PLACES } from './places';
import { createRandom, type Random } from './random';

export class RejectedError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface SimPayment {
  invoiceNumber: string;
  paymentAmount: number;
  paymentDate: string;
  paymentMethod: string;
  comment?: string;
  receiptNumber?: string;
  surchargeAmount?: number;
}

/** Everything a tenant holds, to keep the demo workspace's Ascora across restarts. */
export interface SimSnapshot {
  version: 1;
  jobs: SimJob[];
  customers: SimCustomer[];
  invoices: SimInvoice[];
  payments: SimPayment[];
  paymentMethods: string[];
  next: { job: number; customer: number; invoice: number };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export class SimStore {
  jobs: SimJob[];
  customers: SimCustomer[];
  invoices: SimInvoice[];
  payments: SimPayment[] = [];
  paymentMethods = ['EFT', 'Credit Card', 'Cheque', 'Cash'];
  /**
   * How Ascora fills a saved customer's `customerName`: after its company, or after its contact
   * when it has one (as offices have seen real Ascora do for a customer with both).
   */
  customerNaming: 'company' | 'contact' = 'company';
  private jobsById = new Map<string, SimJob>();
  private customersById = new Map<string, SimCustomer>();
  private nextJobNumber: number;
  private nextCustomerNumber: number;
  private nextInvoiceNumber: number;
  private readonly random: Random;
  /** The tenant's clock for what it stamps on create (a test's clock can stand in for it). */
  private readonly now: () => number;

  constructor(options: { seed: number; jobs: number; customers: number; invoices: number; now?: () => number }) {
    this.now = options.now ?? Date.now;
    const data: SimData = generateData(options);
    this.jobs = data.jobs;
    this.customers = data.customers;
    this.invoices = data.invoices;
    for (const job of this.jobs) this.jobsById.set(job.jobId, job);
    for (const customer of this.customers) this.customersById.set(customer.customerId, customer);
    this.nextJobNumber = 10000 + this.jobs.length;
    this.nextCustomerNumber = 10000 + this.customers.length;
    this.nextInvoiceNumber = 10000 + this.invoices.length;
    this.random = createRandom(options.seed ^ 0xc0ffee);
  }

  snapshot(): SimSnapshot {
    return {
      version: 1,
      jobs: this.jobs,
      customers: this.customers,
      invoices: this.invoices,
      payments: this.payments,
      paymentMethods: this.paymentMethods,
      next: { job: this.nextJobNumber, customer: this.nextCustomerNumber, invoice: this.nextInvoiceNumber },
    };
  }

  restore(snapshot: SimSnapshot): void {
    this.jobs = snapshot.jobs;
    this.customers = snapshot.customers;
    this.invoices = snapshot.invoices;
    this.payments = snapshot.payments;
    this.paymentMethods = snapshot.paymentMethods;
    this.nextJobNumber = snapshot.next.job;
    this.nextCustomerNumber = snapshot.next.customer;
    this.nextInvoiceNumber = snapshot.next.invoice;
    this.jobsById = new Map(this.jobs.map((job) => [job.jobId, job]));
    this.customersById = new Map(this.customers.map((customer) => [customer.customerId, customer]));
  }

  job(jobId: string): SimJob | undefined {
    return this.jobsById.get(jobId);
  }

  jobByNumber(jobNumber: string): SimJob | undefined {
    return this.jobs.find((j) => String(j.jobNumber ?? '').toLowerCase() === jobNumber.toLowerCase());
  }

  customer(customerId: string): SimCustomer | undefined {
    return this.customersById.get(customerId);
  }

  createJob(body: Record<string, unknown>): SimJob {
    const siteId = (body.siteCustomer as { id?: unknown } | undefined)?.id;
    const site = typeof siteId === 'string' ? this.customer(siteId) : undefined;
    if (!site) throw new RejectedError('A valid siteCustomer is required to create a job.');
    const billingId = (body.billingCustomer as { id?: unknown } | undefined)?.id;
    const billing = typeof billingId === 'string' ? this.customer(billingId) : site;
    if (!billing) throw new RejectedError('The billingCustomer does not exist.');
    const job: SimJob = {
      jobId: this.random.guid(),
      jobNumber: `J${this.nextJobNumber++}`,
      topLevelJobNumber: null,
      jobName: str(body.jobName) || 'New job',
      jobDescription: str(body.jobDescription),
      workUndertaken: str(body.workUndertaken),
      jobStatus: 0,
      jobStatusText: 'New',
      dateCreated: new Date(this.now()).toISOString(),
      completedDate: null,
      pricingMethod: str(body.pricingMethod) || 'FIXED-PRICE',
      totalExTax: num(body.totalExTax),
      totalIncTax: num(body.totalIncTax),
      purchaseOrderNumber: str(body.purchaseOrderNumber),
      clientOrderNumber: str(body.clientOrderNumber),
      addressLine1: str(body.addressLine1),
      addressLine2: str(body.addressLine2),
      suburb: str(body.suburb),
      state: str(body.state) || null,
      postcode: str(body.postcode),
      country: str(body.country) || 'Australia',
      latitude: null,
      longitude: null,
      jobType: { id: 'standard', name: 'Standard Job' },
      siteCustomer: { id: site.customerId, name: site.customerName },
      siteContact: null,
      billingCustomer: { id: billing.customerId, name: billing.customerName },
      billingContact: null,
      displayOrder: null,
      customFields: null,
    };
    this.jobs.push(job);
    this.jobsById.set(job.jobId, job);
    return job;
  }

  /** Create, or update when the body carries a customerId (ascora-api.md section 3). */
  saveCustomer(body: Record<string, unknown>): SimCustomer {
    const id = str(body.customerId);
    const existing = id ? this.customer(id) : undefined;
    if (id && !existing) throw new RejectedError(`Customer ${id} was not found.`, 404);
    const merged = { ...(existing ?? makeCustomer(this.random, this.nextCustomerNumber, PLACES[0])) } as SimCustomer;
    if (!existing) {
      merged.customerId = this.random.guid();
      merged.customerNumber = `C${this.nextCustomerNumber++}`;
      for (const key of Object.keys(merged)) {
        if (typeof merged[key] === 'string' && !['customerId', 'customerNumber'].includes(key)) merged[key] = '';
      }
      merged.streetState = null;
      merged.postalState = null;
      merged.streetLatitude = null;
      merged.onHold = false;
    }
    for (const [key, value] of Object.entries(body)) {
      if (key === 'customerId') continue;
      if (key in merged && (typeof value === 'string' || value === null)) merged[key] = value;
    }
    if (!merged.companyName && !merged.contactFirstName && !merged.contactLastName) {
      throw new RejectedError('A customer needs a company name or a contact name.');
    }
    merged.customerName = this.customerNameOf(merged);
    if (existing) Object.assign(existing, merged);
    else {
      this.customers.push(merged);
      this.customersById.set(merged.customerId, merged);
    }
    return existing ?? merged;
  }

  invoicesToSend(priorToDate: string): SimInvoice[] {
    return this.invoices.filter((inv) => !inv.exported && String(inv.invoiceDate ?? '').slice(0, 10) < priorToDate);
  }

  createPayment(body: Record<string, unknown>): void {
    const invoiceNumber = str(body.invoiceNumber);
    if (!invoiceNumber || !this.invoices.some((i) => i.invoiceNumber === invoiceNumber)) {
      throw new RejectedError(`Invoice ${invoiceNumber || '(none)'} was not found.`);
    }
    if (!(typeof body.paymentAmount === 'number' && body.paymentAmount > 0))
      throw new RejectedError('paymentAmount must be above zero.');
    if (!str(body.paymentDate)) throw new RejectedError('paymentDate is required.');
    if (!this.paymentMethods.includes(str(body.paymentMethod))) {
      throw new RejectedError(`Payment method '${str(body.paymentMethod)}' is not set up in this company.`);
    }
    this.payments.push({
      invoiceNumber,
      paymentAmount: body.paymentAmount,
      paymentDate: str(body.paymentDate),
      paymentMethod: str(body.paymentMethod),
      comment: str(body.comment),
      receiptNumber: str(body.receiptNumber),
      surchargeAmount: typeof body.surchargeAmount === 'number' ? body.surchargeAmount : undefined,
    });
  }

  // ---- control: another Ascora user, the accounting link ------------------------------------

  editJob(jobId: string, patch: Partial<SimJob>): SimJob {
    const job = this.job(jobId);
    if (!job) throw new RejectedError(`No job ${jobId}`, 404);
    return Object.assign(job, patch, { jobId: job.jobId });
  }

  addJob(partial: Partial<SimJob> = {}): SimJob {
    const site = this.customers[0]!;
    const job = this.createJob({ siteCustomer: { id: site.customerId }, jobName: 'Added by another user', ...partial });
    return Object.assign(job, partial, { jobId: job.jobId, jobNumber: partial.jobNumber ?? job.jobNumber });
  }

  deleteJob(jobId: string): void {
    this.jobs = this.jobs.filter((j) => j.jobId !== jobId);
    this.jobsById.delete(jobId);
  }

  private customerNameOf(c: SimCustomer): string {
    const contact = `${c.contactFirstName ?? ''} ${c.contactLastName ?? ''}`.trim();
    return this.customerNaming === 'contact' ? contact || c.companyName : c.companyName || contact;
  }

  editCustomer(customerId: string, patch: Partial<SimCustomer>): SimCustomer {
    const customer = this.customer(customerId);
    if (!customer) throw new RejectedError(`No customer ${customerId}`, 404);
    Object.assign(customer, patch, { customerId });
    customer.customerName = this.customerNameOf(customer);
    return customer;
  }

  /**
   * A customer made by another user. Fields the partial leaves out are blank, so a customer with
   * no email (or no phone) is the default; non-string fields (onHold...) are taken as given too.
   */
  addCustomer(partial: Partial<SimCustomer> = {}): SimCustomer {
    const customer = this.saveCustomer({
      contactFirstName: 'Added',
      contactLastName: 'Customer',
      ...partial,
      customerId: undefined,
    });
    const { customerId: _ignored, customerNumber, ...rest } = partial;
    return this.editCustomer(customer.customerId, {
      ...rest,
      customerNumber: customerNumber ?? customer.customerNumber,
    });
  }

  /**
   * `count` customers sharing one name (John Smith unless the partial says otherwise), none with
   * an email, each with its own phone numbers and street: the people a search by name cannot tell
   * apart, in numbers that fill several pages.
   */
  addNamesakes(count: number, partial: Partial<SimCustomer> = {}): SimCustomer[] {
    if (!Number.isInteger(count) || count < 1)
      throw new RejectedError(`addNamesakes needs a whole count above zero, not ${count}.`);
    return Array.from({ length: count }, () => {
      const generated = makeCustomer(this.random, 0);
      return this.addCustomer({
        contactFirstName: 'John',
        contactLastName: 'Smith',
        // Every namesake can be told apart by phone at least.
        phoneNumber: generated.phoneNumber,
        mobileNumber: generated.mobileNumber || (generated.phoneNumber ? '' : mobile(this.random)),
        streetLine1: generated.streetLine1,
        streetSuburb: generated.streetSuburb,
        streetPostcode: generated.streetPostcode,
        streetState: generated.streetState,
        streetCountry: 'Australia',
        ...partial,
        companyName: partial.companyName ?? '',
        emailAddress: partial.emailAddress ?? '',
      });
    });
  }

  /**
   * Another user's change moves a record in Ascora's list order (which is undocumented): it is
   * served at `toIndex` from now on, and the records between shift by one, as offset pages do.
   */
  moveRecord(entity: 'jobs' | 'customers', id: string, toIndex: number): void {
    const list = this[entity] as (SimJob | SimCustomer)[];
    const from = list.findIndex((r) => ('jobId' in r ? r.jobId : r.customerId) === id);
    if (from < 0) throw new RejectedError(`No ${entity === 'jobs' ? 'job' : 'customer'} ${id}`, 404);
    const [record] = list.splice(from, 1);
    list.splice(Math.max(0, Math.min(toIndex, list.length)), 0, record!);
  }

  deleteCustomer(customerId: string): void {
    this.customers = this.customers.filter((c) => c.customerId !== customerId);
    this.customersById.delete(customerId);
  }

  addInvoice(partial: Partial<SimInvoice> = {}): SimInvoice {
    const invoice: SimInvoice = {
      id: this.random.guid(),
      invoiceNumber: `INV-${this.nextInvoiceNumber++}`,
      invoiceDate: new Date(this.now()).toISOString().slice(0, 10) + 'T00:00:00',
      jobId: this.jobs[0]?.jobId ?? '',
      invoiceLines: [
        {
          itemCode: 'LAB-TECH',
          description: 'Restoration technician (hour)',
          quantity: 2,
          unitAmountExTax: 95,
          amountExTax: round2(190),
          invoiceLineType: 'labour',
        },
      ],
      ...partial,
    };
    this.invoices.push(invoice);
    return invoice;
  }

  /** A record served as it is, never validated: right after `afterId`'s record, or at the end. */
  injectRaw(entity: 'jobs' | 'customers' | 'invoices', record: Record<string, unknown>, afterId?: string): void {
    const list = this[entity] as unknown as Record<string, unknown>[];
    const idKey = entity === 'jobs' ? 'jobId' : entity === 'customers' ? 'customerId' : 'id';
    const at = afterId === undefined ? -1 : list.findIndex((r) => r[idKey] === afterId);
    list.splice(at < 0 ? list.length : at + 1, 0, structuredClone(record));
  }

  /** As the company's accounting link would: the invoice leaves GetInvoicesToSend for good. */
  markInvoiceExported(invoiceId: string): void {
    const invoice = this.invoices.find((i) => i.id === invoiceId);
    if (!invoice) throw new RejectedError(`No invoice ${invoiceId}`, 404);
    invoice.exported = true;
  }
}
