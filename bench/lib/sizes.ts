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
 * The app's pull, as the bench runs it and as the network floor copies it: one place. PAGE_SIZE is
 * the app's own (main/core/sync/pull.ts); PULL_CONCURRENCY is what the pipelined pull keeps in flight
 * at most, so the network floor makes the same requests with the same concurrency.
 */
export { PULL_PAGE_SIZE as PAGE_SIZE, PULL_MAX_IN_FLIGHT as PULL_CONCURRENCY } from '../../main/core/sync/pull';
/**
 * The most pages the pipelined pull keeps in flight: case 2 also times a bare client at this
 * concurrency, to show what any pull could gain against the seed's design under the network model.
 */
export { PULL_MAX_IN_FLIGHT as MOST_IN_FLIGHT } from '../../main/core/sync/pull';
/** The seed's design fetched pages of 100. */
export const SEED_PAGE_SIZE = 100;
