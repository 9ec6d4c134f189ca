import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCustomerService } from '../../main/core/services/customers';
import { createJobFromReportService } from '../../main/core/services/job-from-report';
import { createJobService } from '../../main/core/services/jobs';
import { mapReportToJob, mapReportToNewCustomer, parseAustralianAddress } from '../../main/core/services/report-mapping';
import { createReportService } from '../../main/core/services/reports';
import { reportSchema } from '../../shared/contract';
import type { Report } from '../../shared/domain';
import { tableChecksum } from '../support/db';
import { createTestCore, type TestCore } from '../support/core';

const SAMPLES = path.resolve(__dirname, '../fixtures/reports');
const sample = (name: string) => ({ fileName: name, content: fs.readFileSync(path.join(SAMPLES, name), 'utf8') });
const parsedSample = (name: string) => reportSchema.parse(JSON.parse(sample(name).content)) as Report;

let core: TestCore;
let integrationId: number;
beforeEach(() => {
  core = createTestCore();
  integrationId = Number(core.sqlite.prepare("INSERT INTO ascora_integrations (display_name, keychain_ref) VALUES ('Office', 'ascora:t')").run().lastInsertRowid);
});
afterEach(() => core.close());

describe('importing RestoreAssist reports', () => {
  it('imports the two valid sample reports', () => {
    const results = createReportService(core).importFiles([sample('water-damage-parramatta.json'), sample('mould-hobart.json')]);
    expect(results).toEqual([
      { fileName: 'water-damage-parramatta.json', ok: true, reportId: '3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11', problems: [] },
      { fileName: 'mould-hobart.json', ok: true, reportId: '9c2e7a40-1b3f-4d6e-8f20-7a1c5e9d3b22', problems: [] },
    ]);
    expect(createReportService(core).list('').map((r) => r.clientName).sort()).toEqual(["Priya Raman", "Tom O'Brien"]);
  });

  it('refuses the invalid sample whole, with one message per problem, and writes nothing', () => {
    const before = tableChecksum(core.sqlite);
    const [result] = createReportService(core).importFiles([sample('storm-brisbane-invalid.json')]);
    expect(result!.ok).toBe(false);
    expect(result!.problems).toEqual(
      expect.arrayContaining([
        'report_id must be a UUID (it is "not-a-uuid").',
        'property_address: The property address is required.',
        'damage_type "hail" is not one of water, fire, storm, flood or mould.',
        'severity "Catastrophic" is not one of Minor, Moderate, Major or Severe.',
        'total_cost must not be negative.',
        'itemized_estimate must be a list of estimate lines.',
      ]),
    );
    expect(result!.problems).toHaveLength(6);
    expect(tableChecksum(core.sqlite)).toBe(before);
  });

  it('says a file that is not JSON cannot be read', () => {
    expect(createReportService(core).importFiles([{ fileName: 'x.json', content: '{oops' }])[0]!.problems).toEqual([
      'The file is not valid JSON: export the report from RestoreAssist again.',
    ]);
  });
});

describe('mapping a report to an Ascora job and site customer (ascora-api.md section 5)', () => {
  it('maps the Parramatta water report', () => {
    const job = mapReportToJob(parsedSample('water-damage-parramatta.json'), { reportTotalsIncludeGst: false });
    expect(job).toMatchObject({
      jobName: 'Water damage – 14 Harris Street, Parramatta',
      addressLine1: '14 Harris Street',
      suburb: 'Parramatta',
      state: 'NSW',
      postcode: '2150',
      country: 'Australia',
      pricingMethod: 'FIXED-PRICE',
      clientOrderNumber: 'NRMA-CLM-4471902',
      totalExTaxCents: 305700,
      totalIncTaxCents: 336270,
      addressNeedsReview: false,
      warnings: [],
    });
    const lines = job.jobDescription.split('\n');
    expect(lines[0]).toMatch(/^Category 1 water loss/);
    expect(lines).toContain('Damage: Water. Severity: Moderate, URGENT');
    expect(lines).toContain('Insurer: NRMA Insurance, Claim: NRMA-CLM-4471902');
    expect(lines).toContain('- Water extraction: 42 m2 × $6.50 = $273.00 [Labour]');
    expect(lines).toContain('Authority to proceed: Yes');
    expect(lines.at(-1)).toBe('[RA:3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11]');
  });

  it('maps the Hobart mould report, its unit address, and the customer with an apostrophe', () => {
    const report = parsedSample('mould-hobart.json');
    expect(mapReportToJob(report, { reportTotalsIncludeGst: false })).toMatchObject({
      jobName: 'Mould damage – 3/27 Elizabeth Street, Hobart',
      state: 'TAS',
      postcode: '7000',
      totalExTaxCents: 98000,
      totalIncTaxCents: 107800,
      clientOrderNumber: '',
    });
    expect(mapReportToNewCustomer(report)).toEqual({
      contactFirstName: 'Tom',
      contactLastName: "O'Brien",
      companyName: '',
      emailAddress: '',
      phoneNumber: '(03) 6231 0099',
      streetLine1: '3/27 Elizabeth Street',
      streetSuburb: 'Hobart',
      streetState: 'TAS',
      streetPostcode: '7000',
    });
  });

  it('takes GST out of a GST-inclusive total when the setting says so', () => {
    const job = mapReportToJob(parsedSample('mould-hobart.json'), { reportTotalsIncludeGst: true });
    expect(job).toMatchObject({ totalExTaxCents: 89091, totalIncTaxCents: 98000 });
  });

  it('keeps an address it cannot read whole, flags it for review, and warns when the estimate does not add up', () => {
    const report = { ...parsedSample('mould-hobart.json'), property_address: 'Lot 7 Old Coach Road near the river', total_cost: 1000 };
    const job = mapReportToJob(report, { reportTotalsIncludeGst: false });
    expect(job).toMatchObject({ addressLine1: 'Lot 7 Old Coach Road near the river', state: 'TAS', addressNeedsReview: true });
    expect(job.warnings).toHaveLength(2);
  });

  it('treats a body corporate as a company', () => {
    const report = { ...parsedSample('mould-hobart.json'), client_name: 'Gold Coast Body Corporate No. 5512' };
    expect(mapReportToNewCustomer(report)).toMatchObject({ companyName: 'Gold Coast Body Corporate No. 5512', contactFirstName: '' });
  });

  it.each([
    ['14 Kent St, Parramatta NSW 2150', { addressLine1: '14 Kent St', suburb: 'Parramatta', state: 'NSW', postcode: '2150' }],
    ['8  Marine Pde ,  St Kilda  vic  3182', { addressLine1: '8 Marine Pde', suburb: 'St Kilda', state: 'VIC', postcode: '3182' }],
    ['1 Smith St, Darwin City NT 0800', { addressLine1: '1 Smith St', suburb: 'Darwin City', state: 'NT', postcode: '0800' }],
  ])('reads the address "%s"', (text, expected) => {
    expect(parseAustralianAddress(text)).toEqual(expected);
  });
});

describe('creating a job from a report, offline', () => {
  it('saves a new customer, the job and both outbox items, the job after the customer, in one go', () => {
    createReportService(core).importFiles([sample('water-damage-parramatta.json')]);
    const jobs = createJobService(core);
    const service = createJobFromReportService(core, jobs);
    const preview = service.preview(integrationId, '3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11');
    const job = service.create({
      integrationId,
      reportId: '3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11',
      customer: { mode: 'new', fields: { ...preview.newCustomer, customerNumber: '', mobileNumber: '', streetLine2: '', streetCountry: 'Australia', streetState: 'NSW' } },
      overrides: {},
    });
    expect(job).toMatchObject({ syncState: 'pending', jobNumber: null, customerName: 'Priya Raman', localOnlyReasons: [expect.stringMatching(/Waiting to be sent/)] });
    const items = core.sqlite.prepare('SELECT id, kind, depends_on, marker FROM outbox ORDER BY id').all() as { id: number; kind: string; depends_on: number | null; marker: string }[];
    expect(items.map((i) => i.kind)).toEqual(['create_customer', 'create_job']);
    expect(items[1]!.depends_on).toBe(items[0]!.id);
    expect(items[1]!.marker).toBe('[RA:3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11]');
    expect(() =>
      service.create({ integrationId, reportId: '3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11', customer: { mode: 'existing', customerId: job.siteCustomerLocalId! }, overrides: {} }),
    ).toThrow(/already created/);
  });

  it('offers the existing customer with the same email first', () => {
    createReportService(core).importFiles([sample('water-damage-parramatta.json')]);
    const customers = createCustomerService(core);
    customers.create(integrationId, { customerNumber: '', companyName: '', contactFirstName: 'Someone', contactLastName: 'Else', emailAddress: 'x@example.com', phoneNumber: '', mobileNumber: '', streetLine1: '', streetLine2: '', streetSuburb: '', streetState: null, streetPostcode: '', streetCountry: 'Australia' });
    const same = customers.create(integrationId, { customerNumber: '', companyName: '', contactFirstName: 'Priya', contactLastName: 'Raman', emailAddress: 'priya.raman@example.com.au', phoneNumber: '', mobileNumber: '', streetLine1: '14 Harris Street', streetLine2: '', streetSuburb: 'Parramatta', streetState: 'NSW', streetPostcode: '2150', streetCountry: 'Australia' });
    const preview = createJobFromReportService(core, createJobService(core)).preview(integrationId, '3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11');
    expect(preview.customerMatches.map((c) => c.id)).toEqual([same.id]);
  });

  it('leaves nothing behind when the job cannot be saved after its customer was', () => {
    createReportService(core).importFiles([sample('water-damage-parramatta.json')]);
    const before = tableChecksum(core.sqlite);
    // The disk fails at the job insert, after the new customer and its outbox item were written.
    core.sqlite.exec("CREATE TEMP TRIGGER fail_job BEFORE INSERT ON ascora_jobs BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END");
    const service = createJobFromReportService(core, createJobService(core));
    const preview = service.preview(integrationId, '3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11');
    expect(() =>
      service.create({
        integrationId,
        reportId: '3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11',
        customer: { mode: 'new', fields: { ...preview.newCustomer, customerNumber: '', mobileNumber: '', streetLine2: '', streetCountry: 'Australia', streetState: 'NSW' } },
        overrides: {},
      }),
    ).toThrow(/disk I\/O error/);
    expect(tableChecksum(core.sqlite)).toBe(before);
  });
});
