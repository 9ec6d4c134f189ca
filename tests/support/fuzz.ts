/**
 * Generated inputs for the contract channels. FUZZ_RUNS sets the cases per channel: 100 in the
 * normal run, 1,000 in the full run (`FUZZ_RUNS=1000 npx vitest run tests/ipc tests/reliability`).
 */
import fc from 'fast-check';
import type { z } from 'zod';

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 100);

/** Inputs the channel's schema rejects: random values, and objects with its keys but wrong values. */
export function malformedInputs(schema: z.ZodType): fc.Arbitrary<unknown> {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  const keyed = shape
    ? fc.dictionary(fc.constantFrom(...Object.keys(shape), 'extra', '__proto__'), fc.anything({ maxDepth: 2 }), {
        maxKeys: 6,
      })
    : fc.constant(undefined);
  const hostile = fc.oneof(
    fc.constant(null),
    fc.constant([]),
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.constant({ integrationId: -1 }),
    fc.constant({ integrationId: 'x'.repeat(100_000) }),
  );
  return fc.oneof(fc.anything({ maxDepth: 3 }), keyed, hostile).filter((input) => !schema.safeParse(input).success);
}

/** Values a person, a bad file or a hostile page might put in any field. */
export const edgeValues: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    0,
    -1,
    1,
    2,
    3,
    999_999,
    2 ** 31,
    Number.MAX_SAFE_INTEGER,
    0.5,
    -0,
    '',
    ' ',
    '\u0000',
    'x'.repeat(5000),
    '😀🏚️ water',
    '\u202eevil\u202c',
    'ﷺ ﻿ zero\u200bwidth',
    '../../../etc/passwd',
    '..\\..\\windows\\win.ini',
    "Robert'); DROP TABLE ascora_jobs;--",
    '"*',
    'NEAR(a b)',
    '%s%n',
    null,
    true,
    false,
    [],
    {},
    '2026-02-29',
    '2025-02-29',
    '9999-12-31',
    'NSW',
    'mine',
    'theirs',
    'new',
    'existing',
    'EFT',
    'FIXED-PRICE',
    'jobs',
    'water',
    'Severe',
  ),
  fc.integer({ min: -5, max: 60 }),
  fc.string({ maxLength: 30 }),
  fc.string({ maxLength: 30, unit: 'binary' }),
);

type Path = (string | number)[];

function leafPaths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => leafPaths(v, [...prefix, i]))];
  if (value && typeof value === 'object')
    return [
      ...(prefix.length ? [prefix] : []),
      ...Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k])),
    ];
  return [prefix];
}

function setAt(root: unknown, path: Path, value: unknown, remove: boolean): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    // An earlier mutation replaced this branch: nothing left to change here.
    if (!next || typeof next !== 'object') return copy;
    node = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

/** A valid input, and that input with one or two fields replaced, removed or added. */
export function nearValidInputs(example: unknown): fc.Arbitrary<unknown> {
  const paths = leafPaths(example).filter((p) => p.length > 0);
  const mutate = (input: unknown) =>
    fc.oneof(
      fc.tuple(fc.constantFrom(...paths), edgeValues).map(([path, value]) => setAt(input, path, value, false)),
      fc.constantFrom(...paths).map((path) => setAt(input, path, undefined, true)),
      fc
        .tuple(fc.constantFrom('extra', 'constructor', '__proto__'), edgeValues)
        .map(([key, value]) => ({ ...(input as object), [key]: value })),
    );
  if (paths.length === 0) return fc.oneof(fc.constant(example), edgeValues);
  return fc.oneof(
    fc.constant(example),
    mutate(example),
    mutate(example).chain((once) => (once && typeof once === 'object' ? mutate(once) : fc.constant(once))),
  );
}
