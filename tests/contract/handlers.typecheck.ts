/**
 * Compile-time checks of how the core's handlers are put together (ipc/types.ts composeHandlers).
 * `npm run typecheck` covers tests/ (tsconfig.json): each `@ts-expect-error` below must stay an
 * error, or the typecheck fails with "Unused '@ts-expect-error' directive". Nothing here runs.
 */
import type { createHandlers } from '../../main/core/app';
import { composeHandlers, type HandlerMap, type HandlerTable } from '../../main/core/ipc/types';

const listJobs = {
  'jobs.list': () => ({ rows: [], nextCursor: null, total: 0 }),
} satisfies HandlerMap;
const statuses = { 'jobs.statuses': () => ['Drying'] } satisfies HandlerMap;

export function composed() {
  // Parts that handle different channels compose, typed with exactly the channels they handle.
  const both = composeHandlers(listJobs, statuses);
  void both['jobs.list'];
  // @ts-expect-error: a channel no part handles is not in the composed map.
  void both['jobs.get'];

  // @ts-expect-error: a channel handled by two parts does not compile (no later part silently wins).
  composeHandlers(listJobs, statuses, {
    'jobs.list': () => ({ rows: [], nextCursor: null, total: 1 }),
  } satisfies HandlerMap);

  // @ts-expect-error: a map missing channels is not the core's table (every channel needs a handler).
  const table: HandlerTable = both;
  return table;
}

// @ts-expect-error: a part names only contract channels.
export const unknownChannel = { 'jobs.lst': () => null } satisfies HandlerMap;

// @ts-expect-error: an answer must be the channel's output (jobs.statuses answers strings).
export const wrongAnswer = { 'jobs.statuses': () => [1, 2] } satisfies HandlerMap;

// @ts-expect-error: a handler takes the channel's parsed input (jobs.get has a jobId, not an id).
export const wrongInput = { 'jobs.get': ({ id }: { id: number }) => id } satisfies HandlerMap;

// The core's own table is a HandlerTable: createHandlers compiles only while it has every channel once.
export type CoreTableIsComplete = ReturnType<typeof createHandlers> extends HandlerTable ? true : never;
export const coreTableIsComplete: CoreTableIsComplete = true;
