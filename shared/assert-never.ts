/**
 * For the default branch of a switch that handles every case of a union: the compiler reports a
 * case added to the union and not handled, and a value from outside the types (bad data) throws.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
