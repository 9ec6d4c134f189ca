/**
 * A counted pass checks every mirrored row against the ids it saw (sync/pull/paged.ts markMissing),
 * reading the table a chunk at a time so the writer's heap never holds it whole. Rows on either
 * side of a chunk's edge must be judged like any other: none skipped, none judged twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ascoraCustomers } from '../../main/core/db/schema';
import { markMissing } from '../../main/core/sync/pull/paged';
import { createTestDatabase, insertIntegration, type TestDatabase } from '../support/db';

let database: TestDatabase | null = null;
afterEach(() => {
  database?.close();
  database = null;
});

describe('a counted pass over more rows than it reads at a time', () => {
  it('finds exactly the rows it did not see, at the edges of its chunks too, and counts each once', () => {
    database = createTestDatabase();
    const { sqlite, db } = database;
    const integrationId = insertIntegration(sqlite);
    // Another connection's rows interleaved: never judged by this one's pass.
    const otherId = insertIntegration(sqlite, { displayName: 'Other office' });
    const insert = sqlite.prepare('INSERT INTO ascora_customers (integration_id, ascora_customer_id) VALUES (?, ?)');
    const total = 4_500;
    sqlite.transaction(() => {
      for (let n = 1; n <= total; n++) {
        insert.run(integrationId, `c-${n}`);
        if (n % 1000 === 0) insert.run(otherId, `other-${n}`);
      }
    })();
    // Unseen: the first row, both sides of the first chunk's edge (2,000 rows a chunk), and the last.
    const unseen = ['c-1', 'c-1999', 'c-2000', 'c-2001', 'c-2002', 'c-4000', 'c-4001', `c-${total}`];
    const seen = new Set(Array.from({ length: total }, (_, i) => `c-${i + 1}`).filter((id) => !unseen.includes(id)));

    const candidates = db.transaction((tx) =>
      markMissing(
        tx,
        ascoraCustomers,
        ascoraCustomers.ascoraCustomerId,
        ascoraCustomers.ascoraCustomerId,
        integrationId,
        seen,
      ),
    );

    expect(candidates.map((c) => c.ascoraId).sort()).toEqual([...unseen].sort());
    const passes = sqlite
      .prepare(
        'SELECT ascora_customer_id AS id, missing_passes AS passes FROM ascora_customers WHERE missing_passes > 0',
      )
      .all() as { id: string; passes: number }[];
    expect(passes.map((p) => p.id).sort()).toEqual([...unseen].sort());
    expect(passes.every((p) => p.passes === 1)).toBe(true);
  });
});
