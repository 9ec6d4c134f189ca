import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExportService } from '../../main/core/services/export';
import { createTestCore, type TestCore } from '../support/core';
import { insertIntegration } from '../support/db';

let core: TestCore;
let jobId: number;
let customerId: number;
beforeAll(() => {
  core = createTestCore();
  const integrationId = insertIntegration(core.sqlite);
  jobId = Number(
    core.sqlite
      .prepare(
        `INSERT INTO ascora_jobs (integration_id, job_number, job_name, job_description, address_line1, suburb, state, postcode,
           client_order_number, purchase_order_number, site_contact_name, billing_contact_name)
         VALUES (?, 'J10273', 'Water damage', ?, '14 Harris Street', 'Parramatta', 'NSW', '2150', 'NRMA-CLM-1234567', 'PO-88', '', 'Dana Lee')`,
      )
      .run(integrationId, 'Burst pipe under the kitchen sink\nInsurer: NRMA Insurance, Claim: NRMA-CLM-1234567')
      .lastInsertRowid,
  );
  customerId = Number(
    core.sqlite
      .prepare(
        `INSERT INTO ascora_customers (integration_id, customer_name, contact_first_name, contact_last_name, street_line1, street_suburb, street_state, street_postcode)
         VALUES (?, 'Priya Raman', 'Priya', 'Raman', '3 Lane Cove Road', 'Ryde', 'NSW', '2112')`,
      )
      .run(integrationId).lastInsertRowid,
  );
});
afterAll(() => core.close());

describe('the columns a CSV carries beyond the list', () => {
  it("reads a job's site address, claim and order numbers, insurer and contact", () => {
    const [details] = createExportService(core).handlers['jobs.exportDetails']!({ ids: [jobId] }) as never[];
    expect(details).toMatchObject({
      id: jobId,
      siteAddress: '14 Harris Street, Parramatta NSW 2150',
      claimNumber: 'NRMA-CLM-1234567',
      purchaseOrderNumber: 'PO-88',
      insurer: 'NRMA Insurance',
      contact: 'Dana Lee',
    });
  });

  it("reads a customer's contact and address on one line", () => {
    expect(createExportService(core).handlers['customers.exportDetails']!({ ids: [customerId] })).toEqual([
      { id: customerId, contact: 'Priya Raman', address: '3 Lane Cove Road, Ryde NSW 2112' },
    ]);
  });
});
