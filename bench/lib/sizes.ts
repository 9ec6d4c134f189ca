/** The data set sizes of `npm run bench -- --size <name>`. */
export interface BenchSize {
  name: string;
  jobs: number;
  customers: number;
  invoices: number;
}

export const SIZES: Record<string, BenchSize> = {
  full: { name: 'full', jobs: 100_000, customers: 20_000, invoices: 20_000 },
  small: { name: 'small', jobs: 10_000, customers: 2_000, invoices: 2_000 },
};

/** The seed of the simulator's data set: the same numbers every run. */
export const SIM_SEED = 7;
/**
 * The app's pull, as the bench runs it and as the network floor copies it: one place, so a change
 * to the pull (the pipelined pull being built on another branch: pages of 1,000, 2-4 in flight) is
 * a change here. PAGE_SIZE goes to the engine (bench/lib/world.ts); PULL_CONCURRENCY is what the
 * engine's pull keeps in flight on this branch (1: fetch a page, write it, fetch the next), so the
 * network floor makes the same requests with the same concurrency. When the pipelined pull lands,
 * set it from that pull's own constant (and hand it to the engine in world.ts if it is an option).
 */
export const PAGE_SIZE = 1000;
export const PULL_CONCURRENCY = 1;
/**
 * The most pages the pipelined pull plans to keep in flight: case 2 also times a bare client at
 * this concurrency, to show what any pull could gain against the seed's design under the network
 * model (a figure for the record, not a target).
 */
export const MOST_IN_FLIGHT = 4;
/** The seed's design fetched pages of 100. */
export const SEED_PAGE_SIZE = 100;
