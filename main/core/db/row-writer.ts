/**
 * Row writes on hot paths (a first pull writes 140,000 rows): one better-sqlite3 statement per
 * table and set of columns, prepared once and reused for every row. Drizzle builds and prepares
 * its SQL again on every call, which cost more than the writes themselves (bench case 1). Values
 * are encoded by the schema's columns, as Drizzle encodes them (booleans as 0/1).
 */
import type { Statement } from 'better-sqlite3';
import { getTableColumns, getTableName, type InferInsertModel } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Sqlite } from './types';

export interface RowWriter<T extends SQLiteTable> {
  /** Inserts a row; columns left undefined take their default. Returns the new row's id. */
  insert(values: InferInsertModel<T>): number;
  /** Sets the given columns of the row with this `id`. Returns the number of rows changed. */
  update(id: number, values: Partial<InferInsertModel<T>>): number;
}

interface EncodingColumn {
  name: string;
  mapToDriverValue(value: unknown): unknown;
}

/** For tables whose primary key is the integer column `id`. */
export function createRowWriter<T extends SQLiteTable>(sqlite: Sqlite, table: T): RowWriter<T> {
  const tableName = getTableName(table);
  const columns = getTableColumns(table) as unknown as Record<string, EncodingColumn>;
  const statements = new Map<string, Statement>();

  const column = (key: string): EncodingColumn => {
    const found = columns[key];
    if (!found) throw new Error(`${tableName} has no column for "${key}"`);
    return found;
  };
  const keysOf = (values: Record<string, unknown>) => Object.keys(values).filter((key) => values[key] !== undefined);
  const encode = (keys: string[], values: Record<string, unknown>) =>
    keys.map((key) => (values[key] === null ? null : column(key).mapToDriverValue(values[key])));
  const statement = (signature: string, build: () => string): Statement => {
    let found = statements.get(signature);
    if (!found) {
      found = sqlite.prepare(build());
      statements.set(signature, found);
    }
    return found;
  };

  return {
    insert(values) {
      const row = values as Record<string, unknown>;
      const keys = keysOf(row);
      const insert = statement(
        `insert:${keys.join(',')}`,
        () =>
          `INSERT INTO "${tableName}" (${keys.map((k) => `"${column(k).name}"`).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
      );
      return Number(insert.run(encode(keys, row)).lastInsertRowid);
    },
    update(id, values) {
      const row = values as Record<string, unknown>;
      const keys = keysOf(row);
      const update = statement(
        `update:${keys.join(',')}`,
        () => `UPDATE "${tableName}" SET ${keys.map((k) => `"${column(k).name}" = ?`).join(', ')} WHERE "id" = ?`,
      );
      return update.run([...encode(keys, row), id]).changes;
    },
  };
}
