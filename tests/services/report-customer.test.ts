/**
 * Issue 20, point 1: which existing customer a report's job goes to. Ascora jobs cannot be
 * corrected after they are made, so the preview chooses a customer only on a match an office would
 * accept (the report's name with its email, or with its phone in any format); a namesake is
 * offered with what differs, in words, and "New customer" stays chosen. The real services on a
 * real SQLite file, with the repository's sample reports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { phoneKey } from '../../main/core/services/customer-match';
import { createCustomerService } from '../../main/core/services/customers';
import { createJobFromReportService } from '../../main/core/services/job-from-report';
import { createJobService } from '../../main/core/services/jobs';
import { createReportService } from '../../main/core/services/reports';
import type { CustomerFields } from '../../shared/contract';
import { createTestCore, type TestCore } from '../support/core';
import { insertIntegration } from '../support/db';

const SAMPLES = path.resolve(__dirname, '../fixtures/reports');
const PARRAMATTA = '3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11';

let core: TestCore;
let integrationId: number;
beforeEach(() => {
  core = createTestCore();
  integrationId = insertIntegration(core.sqlite);
});
afterEach(() => core.close());

function importSample(name: string): string {
  const contentBase64 = fs.readFileSync(path.join(SAMPLES, name)).toString('base64');
  const [result] = createReportService(core).importFiles([{ fileName: name, contentBase64 }]);
  return result!.reportId!;
}

/** A customer in the mirror: a person, their contact details and suburb. */
function customer(first: string, last: string, fields: Partial<CustomerFields>) {
  return createCustomerService(core).create(integrationId, {
    customerNumber: '',
    companyName: '',
    contactFirstName: first,
    contactLastName: last,
    emailAddress: '',
    phoneNumber: '',
    mobileNumber: '',
    streetLine1: '',
    streetLine2: '',
    streetSuburb: '',
    streetState: null,
    streetPostcode: '',
    streetCountry: 'Australia',
    ...fields,
  });
}

const preview = (reportId: string) =>
  createJobFromReportService(core, createJobService(core)).preview(integrationId, reportId);

describe("a report's customer (the Parramatta sample: Priya Raman, priya.raman@example.com.au, 0412 345 678)", () => {
  it('is chosen for the person on the same email and name', () => {
    const reportId = importSample('water-damage-parramatta.json');
    const same = customer('Priya', 'Raman', { emailAddress: 'Priya.Raman@example.com.au', streetSuburb: 'Parramatta' });
    customer('Priya', 'Raman', { streetSuburb: 'Tuggeranong' });
    const p = preview(reportId);
    expect(p.preselectedCustomerId).toBe(same.id);
    expect(p.customerMatches[0]).toMatchObject({
      id: same.id,
      sameCustomer: true,
      same: ['name', 'email', 'suburb'],
      differences: ['No phone in Ascora (the report has 0412 345 678)'],
    });
    expect(p.customerMatches[1]).toMatchObject({ sameCustomer: false, same: ['name'] });
  });

  it('is chosen for the person on the same phone written another way (+61, spaces) and name', () => {
    const reportId = importSample('water-damage-parramatta.json');
    const same = customer('Priya', 'Raman', { mobileNumber: '+61412345678', streetSuburb: 'Parramatta' });
    const p = preview(reportId);
    expect(p.preselectedCustomerId).toBe(same.id);
    expect(p.customerMatches[0]).toMatchObject({ id: same.id, sameCustomer: true });
    // The report has an email and this customer none: said, though the phone makes them the same.
    expect(p.customerMatches[0]!.differences).toEqual([
      'No email in Ascora (the report has priya.raman@example.com.au)',
    ]);
  });

  it('is never chosen on the name alone: offered with what differs, and New customer stays chosen', () => {
    const reportId = importSample('water-damage-parramatta.json');
    const namesake = customer('Priya', 'Raman', {
      emailAddress: 'priya.r@example.net',
      phoneNumber: '02 6293 1111',
      streetSuburb: 'Tuggeranong',
      streetState: 'ACT',
    });
    const p = preview(reportId);
    expect(p.preselectedCustomerId).toBeNull();
    expect(p.customerMatches).toHaveLength(1);
    expect(p.customerMatches[0]).toMatchObject({ id: namesake.id, sameCustomer: false, same: ['name'] });
    expect(p.customerMatches[0]!.differences).toEqual([
      'Different email: priya.r@example.net (the report has priya.raman@example.com.au)',
      'Different phone: 02 6293 1111 (the report has 0412 345 678)',
      'Different suburb: Tuggeranong (the report has Parramatta)',
    ]);
  });

  it('puts the same person before a namesake, and chooses them', () => {
    const reportId = importSample('water-damage-parramatta.json');
    customer('Priya', 'Raman', { emailAddress: 'priya.r@example.net', streetSuburb: 'Tuggeranong' });
    const same = customer('Priya', 'Raman', { phoneNumber: '(04) 1234 5678', streetSuburb: 'Parramatta' });
    const p = preview(reportId);
    expect(p.preselectedCustomerId).toBe(same.id);
    expect(p.customerMatches.map((m) => [m.id, m.sameCustomer])).toEqual([
      [same.id, true],
      [expect.any(Number), false],
    ]);
  });

  it('does not choose a customer with the same email under another name', () => {
    const reportId = importSample('water-damage-parramatta.json');
    customer('Raj', 'Raman', { emailAddress: 'priya.raman@example.com.au' });
    const p = preview(reportId);
    expect(p.preselectedCustomerId).toBeNull();
    expect(p.customerMatches[0]!.differences[0]).toBe('Different name: Raj Raman');
  });

  it('leaves two customers who both match (a duplicate in Ascora) for the person to choose between', () => {
    const reportId = importSample('water-damage-parramatta.json');
    customer('Priya', 'Raman', { emailAddress: 'priya.raman@example.com.au' });
    customer('Priya', 'Raman', { mobileNumber: '0412345678' });
    const p = preview(reportId);
    expect(p.customerMatches.filter((m) => m.sameCustomer)).toHaveLength(2);
    expect(p.preselectedCustomerId).toBeNull();
  });

  it('finds the same person among more namesakes than the preview lists', () => {
    const reportId = importSample('water-damage-parramatta.json');
    for (let i = 0; i < 25; i++) customer('Priya', 'Raman', { emailAddress: `priya${i}@example.net` });
    const same = customer('Priya', 'Raman', { mobileNumber: '+61 412 345 678' });
    const p = preview(reportId);
    expect(p.customerMatches).toHaveLength(20);
    expect(p.preselectedCustomerId).toBe(same.id);
  });
});

describe("a report's customer (the Hobart sample: Tom O'Brien, no email, (03) 6231 0099)", () => {
  it("chooses the Hobart Tom O'Brien by his phone over the Tuggeranong one, whatever the apostrophe", () => {
    const reportId = importSample('mould-hobart.json');
    const canberra = customer('Tom', "O'Brien", { phoneNumber: '02 6293 4455', streetSuburb: 'Tuggeranong' });
    const hobart = customer('Tom', 'O’Brien', { phoneNumber: '+61 3 6231 0099', streetSuburb: 'Hobart' });
    const p = preview(reportId);
    expect(p.preselectedCustomerId).toBe(hobart.id);
    expect(p.customerMatches.map((m) => m.id)).toEqual([hobart.id, canberra.id]);
    expect(p.customerMatches[1]!.differences).toEqual([
      'Different phone: 02 6293 4455 (the report has (03) 6231 0099)',
      'Different suburb: Tuggeranong (the report has Hobart)',
    ]);
  });

  it('chooses no one when the only Tom O’Brien is in another suburb with another phone', () => {
    const reportId = importSample('mould-hobart.json');
    customer('Tom', "O'Brien", { phoneNumber: '02 6293 4455', streetSuburb: 'Tuggeranong' });
    expect(preview(reportId).preselectedCustomerId).toBeNull();
  });
});

describe('a namesake written with a curly apostrophe', () => {
  it('is still offered, with what differs', () => {
    const reportId = importSample('mould-hobart.json');
    const curly = customer('Tom', 'O’Brien', { phoneNumber: '02 6293 4455', streetSuburb: 'Tuggeranong' });
    const p = preview(reportId);
    expect(p.customerMatches.map((m) => [m.id, m.same])).toEqual([[curly.id, ['name']]]);
    expect(p.preselectedCustomerId).toBeNull();
  });
});

describe('phoneKey', () => {
  it('is one key for one number in every Australian format, and none for a fragment', () => {
    const forms = ['0412 345 678', '+61 412 345 678', '+61412345678', '(04) 1234-5678', '61 412 345 678'];
    expect(new Set(forms.map(phoneKey))).toEqual(new Set(['0412345678']));
    expect(phoneKey('(03) 6231 0099')).toBe(phoneKey('+61 3 6231 0099'));
    expect(phoneKey('13 12 34')).toBe('131234');
    expect(phoneKey('123')).toBe('');
    expect(phoneKey('')).toBe('');
  });
});

it('the Parramatta sample is the report these tests say it is', () => {
  expect(importSample('water-damage-parramatta.json')).toBe(PARRAMATTA);
});
