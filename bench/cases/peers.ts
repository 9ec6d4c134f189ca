/**
 * The peers the first sync is measured against, on the same simulator data:
 * - the network floor: the requests a full pass makes (the same page size, the same number in
 *   flight), by a bare client that reads and parses each answer and keeps nothing: no database.
 *   Under the network model it is what the network alone costs.
 * And two with a mirror file with the same schema (indexes, FTS triggers) and PRAGMAs, opened by
 * openDatabase:
 * - the floor: the pages fetched by a bare HTTP loop and inserted with one prepared statement per
 *   table in one transaction per page: no validation, mapping, hashing or bookkeeping. It writes
 *   the columns the indexes and search read, plus the raw JSON (the mirror keeps it);
 * - the seed's design: pages of 100, a SELECT then an INSERT or UPDATE per row, no transaction (every
 *   statement commits on its own), as the integration summary's service did. Its statements are
 *   prepared once, which is kinder to it than the original.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { openDatabase } from '../../main/core/db/open';
import { benchDatabaseKey } from '../lib/database-key';
import type { Sqlite } from '../../main/core/db/types';
import { priorToDateFor } from '../../main/core/sync/pull';
import { systemTimeZone } from '../../shared/time';
import type { SimEndpoint } from '../lib/sim-control';

type Wire = Record<string, unknown>;

export interface PeerResult {
  records: number;
  durationMs: number;
  recordsPerSecond: number;
  requests: number;
  perEntity: Record<string, { records: number; ms: number }>;
}

const cents = (v: unknown) => (typeof v === 'number' ? Math.round(v * 100) : null);
const idOf = (v: unknown) => (v && typeof v === 'object' ? ((v as { id?: string }).id ?? null) : null);
const nameOf = (v: unknown) => (v && typeof v === 'object' ? ((v as { name?: string }).name ?? null) : null);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

const JOB_COLUMNS = [
  'ascora_job_id',
  'job_number',
  'top_level_job_number',
  'job_name',
  'job_description',
  'work_undertaken',
  'job_status',
  'job_status_text',
  'date_created',
  'completed_date',
  'pricing_method',
  'total_ex_tax_cents',
  'total_inc_tax_cents',
  'purchase_order_number',
  'client_order_number',
  'address_line1',
  'address_line2',
  'suburb',
  'state',
  'postcode',
  'country',
  'latitude',
  'longitude',
  'job_type_id',
  'job_type_name',
  'site_customer_id',
  'site_customer_name',
  'billing_customer_id',
  'billing_customer_name',
  'raw_json',
];
const jobValues = (j: Wire) => [
  j.jobId,
  j.jobNumber,
  j.topLevelJobNumber,
  str(j.jobName),
  str(j.jobDescription),
  str(j.workUndertaken),
  j.jobStatus,
  j.jobStatusText,
  j.dateCreated,
  j.completedDate,
  j.pricingMethod,
  cents(j.totalExTax),
  cents(j.totalIncTax),
  str(j.purchaseOrderNumber),
  str(j.clientOrderNumber),
  str(j.addressLine1),
  str(j.addressLine2),
  j.suburb,
  j.state,
  j.postcode,
  j.country,
  j.latitude,
  j.longitude,
  idOf(j.jobType),
  nameOf(j.jobType),
  idOf(j.siteCustomer),
  nameOf(j.siteCustomer),
  idOf(j.billingCustomer),
  nameOf(j.billingCustomer),
  JSON.stringify(j),
];

const CUSTOMER_COLUMNS = [
  'ascora_customer_id',
  'customer_number',
  'customer_name',
  'company_name',
  'contact_first_name',
  'contact_last_name',
  'email_address',
  'phone_number',
  'mobile_number',
  'street_line1',
  'street_line2',
  'street_suburb',
  'street_state',
  'street_postcode',
  'street_country',
  'raw_json',
];
const customerValues = (c: Wire) => [
  c.customerId,
  str(c.customerNumber),
  str(c.customerName),
  str(c.companyName),
  str(c.contactFirstName),
  str(c.contactLastName),
  str(c.emailAddress),
  str(c.phoneNumber),
  str(c.mobileNumber),
  str(c.streetLine1),
  str(c.streetLine2),
  str(c.streetSuburb),
  c.streetState,
  str(c.streetPostcode),
  str(c.streetCountry),
  JSON.stringify(c),
];

const INVOICE_COLUMNS = [
  'ascora_invoice_id',
  'invoice_number',
  'invoice_date',
  'ascora_job_id',
  'lines_json',
  'raw_json',
];
const invoiceValues = (i: Wire) => [
  i.id,
  str(i.invoiceNumber),
  i.invoiceDate,
  i.jobId,
  JSON.stringify(i.invoiceLines ?? []),
  JSON.stringify(i),
];

interface Table {
  name: string;
  idColumn: string;
  idOf(record: Wire): unknown;
  columns: string[];
  values(record: Wire): unknown[];
}

const TABLES: Record<'jobs' | 'customers' | 'invoices', Table> = {
  jobs: {
    name: 'ascora_jobs',
    idColumn: 'ascora_job_id',
    idOf: (r) => r.jobId,
    columns: JOB_COLUMNS,
    values: jobValues,
  },
  customers: {
    name: 'ascora_customers',
    idColumn: 'ascora_customer_id',
    idOf: (r) => r.customerId,
    columns: CUSTOMER_COLUMNS,
    values: customerValues,
  },
  invoices: {
    name: 'ascora_invoices',
    idColumn: 'ascora_invoice_id',
    idOf: (r) => r.id,
    columns: INVOICE_COLUMNS,
    values: invoiceValues,
  },
};

function statements(sqlite: Sqlite, table: Table) {
  const cols = ['integration_id', ...table.columns];
  return {
    insert: sqlite.prepare(`INSERT INTO ${table.name} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`),
    select: sqlite.prepare(`SELECT id FROM ${table.name} WHERE integration_id = ? AND ${table.idColumn} = ?`),
    update: sqlite.prepare(`UPDATE ${table.name} SET ${table.columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`),
  };
}

function openPeerDatabase(dir: string, name: string, migrationsFolder: string) {
  fs.mkdirSync(dir, { recursive: true });
  const opened = openDatabase({ file: path.join(dir, `${name}.db`), migrationsFolder, key: benchDatabaseKey() });
  const integrationId = Number(
    opened.sqlite
      .prepare(
        "INSERT INTO ascora_integrations (display_name, base_url, keychain_ref) VALUES ('Peer', 'http://127.0.0.1', ?)",
      )
      .run(`peer:${name}`).lastInsertRowid,
  );
  return { opened, integrationId };
}

/**
 * Node's http with kept-alive connections, the transport the app's client (axios) uses. Not fetch:
 * its pool may open a new connection for a request sent the moment an answer ends, and under the
 * network model each new connection pays its handshakes, which the app does not.
 */
const agent = new http.Agent({ keepAlive: true });

function getJson(sim: SimEndpoint, pathAndQuery: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${sim.url}${pathAndQuery}`,
      { agent, headers: { Auth: sim.apiKey, Accept: 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`GET ${pathAndQuery}: HTTP ${res.statusCode}`));
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on('error', reject);
  });
}

const LIST_PATHS = { jobs: '/Jobs/Jobs', customers: '/Customers/Customers' } as const;

/** Fetches every page of a list (or the one invoice call) and hands each page to `write`. */
async function fetchAll(
  sim: SimEndpoint,
  entity: 'jobs' | 'customers' | 'invoices',
  pageSize: number,
  write: (records: Wire[]) => void,
): Promise<{ records: number; requests: number }> {
  if (entity === 'invoices') {
    const body = (await getJson(
      sim,
      `/Accounting/GetInvoicesToSend?priorToDate=${priorToDateFor(systemTimeZone(), Date.now())}`,
    )) as Wire[];
    for (let start = 0; start < body.length; start += pageSize) write(body.slice(start, start + pageSize));
    return { records: body.length, requests: 1 };
  }
  let records = 0;
  let requests = 0;
  for (let page = 1; ; page++) {
    const body = (await getJson(sim, `${LIST_PATHS[entity]}?Page=${page}&PageSize=${pageSize}`)) as {
      results: Wire[];
      totalPages: number;
    };
    requests++;
    write(body.results);
    records += body.results.length;
    if (body.results.length === 0 || page >= body.totalPages) break;
  }
  return { records, requests };
}

/**
 * The network floor: for each list, page 1 (it gives totalPages), then the other pages with
 * `concurrency` requests in flight; the invoice call once. Lists one after another, as the app's
 * pull does them.
 */
export async function runNetworkFloor(sim: SimEndpoint, pageSize: number, concurrency: number): Promise<PeerResult> {
  const result: PeerResult = { records: 0, durationMs: 0, recordsPerSecond: 0, requests: 0, perEntity: {} };
  const started = performance.now();
  for (const entity of ['customers', 'jobs', 'invoices'] as const) {
    const t0 = performance.now();
    let records = 0;
    if (entity === 'invoices') {
      records = (
        (await getJson(
          sim,
          `/Accounting/GetInvoicesToSend?priorToDate=${priorToDateFor(systemTimeZone(), Date.now())}`,
        )) as Wire[]
      ).length;
      result.requests++;
    } else {
      const page = async (n: number) => {
        const body = (await getJson(sim, `${LIST_PATHS[entity]}?Page=${n}&PageSize=${pageSize}`)) as {
          results: Wire[];
          totalPages: number;
        };
        result.requests++;
        records += body.results.length;
        return body.totalPages;
      };
      const totalPages = await page(1);
      let next = 2;
      const worker = async () => {
        while (next <= totalPages) await page(next++);
      };
      await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
    }
    result.perEntity[entity] = { records, ms: performance.now() - t0 };
    result.records += records;
  }
  result.durationMs = performance.now() - started;
  result.recordsPerSecond = result.records / (result.durationMs / 1000);
  return result;
}

interface PeerTarget {
  sqlite: Sqlite;
  table: Table;
  s: ReturnType<typeof statements>;
  integrationId: number;
}

async function runPeer(
  sim: SimEndpoint,
  pageSize: number,
  writer: (t: PeerTarget, records: Wire[]) => void,
  dir: string,
  name: string,
  migrationsFolder: string,
): Promise<PeerResult> {
  const { opened, integrationId } = openPeerDatabase(dir, name, migrationsFolder);
  const result: PeerResult = { records: 0, durationMs: 0, recordsPerSecond: 0, requests: 0, perEntity: {} };
  const started = performance.now();
  for (const entity of ['customers', 'jobs', 'invoices'] as const) {
    const table = TABLES[entity];
    const s = statements(opened.sqlite, table);
    const t0 = performance.now();
    const target: PeerTarget = { sqlite: opened.sqlite, table, s, integrationId };
    const fetched = await fetchAll(sim, entity, pageSize, (records) => writer(target, records));
    result.perEntity[entity] = { records: fetched.records, ms: performance.now() - t0 };
    result.records += fetched.records;
    result.requests += fetched.requests;
  }
  result.durationMs = performance.now() - started;
  result.recordsPerSecond = result.records / (result.durationMs / 1000);
  opened.close();
  return result;
}

/** The floor: one prepared INSERT per table, one transaction per page. */
export function runFloor(
  sim: SimEndpoint,
  dir: string,
  pageSize: number,
  migrationsFolder: string,
): Promise<PeerResult> {
  return runPeer(
    sim,
    pageSize,
    ({ sqlite, table, s, integrationId }, records) => {
      sqlite.transaction(() => {
        for (const r of records) s.insert.run(integrationId, ...table.values(r));
      })();
    },
    dir,
    'floor',
    migrationsFolder,
  );
}

/** The seed's design: SELECT, then INSERT or UPDATE, per row; every statement its own commit. */
export function runSeedDesign(
  sim: SimEndpoint,
  dir: string,
  pageSize: number,
  migrationsFolder: string,
): Promise<PeerResult> {
  return runPeer(
    sim,
    pageSize,
    ({ table, s, integrationId }, records) => {
      for (const r of records) {
        const existing = s.select.get(integrationId, table.idOf(r)) as { id: number } | undefined;
        if (existing) s.update.run(...table.values(r), existing.id);
        else s.insert.run(integrationId, ...table.values(r));
      }
    },
    dir,
    'seed-design',
    migrationsFolder,
  );
}
