/**
 * Which channels a reader answers (worker/readers.ts): the pure queries, those that only read the
 * database and need nothing the writer holds in memory (a sync running, the scheduler's timers, the
 * demo simulator). A reader's connection is read-only, so a channel put here by mistake that writes
 * fails loudly ("attempt to write a readonly database") rather than writing from two threads.
 * Everything else, and every call while the readers are suspended, goes to the writer.
 */
import type { ChannelName } from '../../../shared/contract';

export const READER_CHANNELS = [
  'jobs.list',
  'jobs.get',
  'jobs.statuses',
  'jobs.exportDetails',
  'customers.list',
  'customers.get',
  'customers.related',
  'customers.exportDetails',
  'invoices.list',
  'invoices.get',
  'invoices.exportDetails',
  'dashboard.summary',
  'logs.list',
  'conflicts.list',
  'reports.list',
  'reports.get',
  'sync.problems',
  'sync.unsent',
] as const satisfies readonly ChannelName[];

export type ReaderChannel = (typeof READER_CHANNELS)[number];

/**
 * Queries that need the writer's state (sync.status says whether a run is going on, schedule.get
 * reads the scheduler's timers): answered by the writer, and timed as queries there.
 */
export const WRITER_QUERIES = [
  'sync.status',
  'integration.list',
  'integration.status',
  'schedule.get',
  'settings.get',
] as const satisfies readonly ChannelName[];

const readerChannels = new Set<string>(READER_CHANNELS);
const queries = new Set<string>([...READER_CHANNELS, ...WRITER_QUERIES]);

export const answeredByReader = (channel: string): channel is ReaderChannel => readerChannels.has(channel);

/** A query (not a command): one slower than SLOW_QUERY_MS is logged with its channel. */
export const isQuery = (channel: string): boolean => queries.has(channel);

/** A query slower than this is logged, with its channel and thread, in the log file. */
export const SLOW_QUERY_MS = 40;
