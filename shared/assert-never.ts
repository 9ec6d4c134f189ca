/**
 * The end of an exhaustive switch: the compiler refuses a call that can be reached (a kind added
 * and not handled), and at run time it throws, naming what was not handled.
 */
export function assertNever(value: never, what?: string): never {
  throw new Error(`Unhandled ${what ?? 'case'}: ${JSON.stringify(value)}`);
}
