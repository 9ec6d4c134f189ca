/**
 * Three-way field merge (design.md rule 6): a field changed only in Ascora is taken, one changed
 * only here is kept, one changed the same way on both sides is fine, and one changed differently
 * on both sides becomes a conflict for a person. Nothing is dropped silently.
 */
import type { ConflictField } from '../../../shared/domain';

export interface MergeResult<T> {
  merged: T;
  conflicts: ConflictField[];
}

const same = (a: unknown, b: unknown) => (a ?? '') === (b ?? '');

export function threeWayMerge<T extends Record<string, unknown>>(
  base: T,
  mine: T,
  theirs: T,
  fields: readonly (keyof T & string)[],
): MergeResult<T> {
  const merged = { ...mine };
  const conflicts: ConflictField[] = [];
  for (const field of fields) {
    const mineChanged = !same(mine[field], base[field]);
    const theirsChanged = !same(theirs[field], base[field]);
    if (theirsChanged && !mineChanged) merged[field] = theirs[field];
    else if (theirsChanged && mineChanged && !same(mine[field], theirs[field])) {
      conflicts.push({ field, base: base[field] ?? null, mine: mine[field] ?? null, theirs: theirs[field] ?? null });
    }
  }
  return { merged, conflicts };
}
