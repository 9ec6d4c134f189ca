/**
 * The Jobs list's sorts are written exactly as the expression indexes of drizzle/0002 are, so a
 * page of 100 is read in index order instead of sorting every job (bench case 6). SQLite matches an
 * expression index only on the same expression: this holds the two together.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobService } from '../../main/core/services/jobs';
import { contract } from '../../shared/contract';
import { createTestCore, type TestCore } from '../support/core';
import { insertIntegration } from '../support/db';
import { pageQueryPlans } from '../support/query-plans';

let core: TestCore;
let integrationId: number;
beforeAll(() => {
  core = createTestCore();
  integrationId = insertIntegration(core.sqlite);
  const insert = core.sqlite.prepare(
    'INSERT INTO ascora_jobs (integration_id, job_name, job_status_text, suburb, date_created) VALUES (?, ?, ?, ?, ?)',
  );
  for (let i = 0; i < 300; i++)
    insert.run(
      integrationId,
      `Job ${i}`,
      ['New', 'Complete'][i % 2],
      'Penrith',
      `2026-10-${String(1 + (i % 28)).padStart(2, '0')}T03:00:00.000Z`,
    );
});
afterAll(() => core.close());

/** The query plan of each page query a jobs.list call runs (the one with ORDER BY), over two pages. */
function pagePlans(input: Record<string, unknown>): string[] {
  const jobs = createJobService(core);
  const query = (cursor: string | null) =>
    contract['jobs.list'].input.parse({ integrationId, limit: 50, ...input, cursor });
  return pageQueryPlans(core.sqlite, () => {
    const first = jobs.list(query(null));
    jobs.list(query(first.nextCursor));
  });
}

describe('the Jobs list uses its expression indexes', () => {
  it('reads the default list (newest first) in index order, on every page', () => {
    const plans = pagePlans({});
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      expect(plan).toContain('jobs_created_sort_idx');
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });

  it('filters by the effective status through its index, still in created order', () => {
    for (const plan of pagePlans({ statusText: 'Complete' })) {
      expect(plan).toMatch(/jobs_status_sort_idx \(integration_id=\? AND <expr>=\?\)/);
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });

  it('sorts by status through the status index', () => {
    for (const plan of pagePlans({ sort: 'status', direction: 'asc' })) expect(plan).toContain('jobs_status_sort_idx');
  });
});
