/** The query plan of every page query (a SELECT with ORDER BY) a list runs, read as it runs. */
import type Database from 'better-sqlite3';

export function pageQueryPlans(sqlite: Database.Database, run: () => void): string[] {
  const plans: string[] = [];
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((sql: string) => {
    const statement = prepare(sql);
    if (/order by/i.test(sql) && /^\s*select/i.test(sql)) {
      const all = statement.all.bind(statement);
      statement.all = ((...params: unknown[]) => {
        plans.push(
          (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
            .map((r) => r.detail)
            .join(' | '),
        );
        return all(...params);
      }) as typeof statement.all;
    }
    return statement;
  }) as typeof sqlite.prepare;
  try {
    run();
  } finally {
    sqlite.prepare = prepare;
  }
  return plans;
}
