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
/** The page size for the first sync and the floor. */
export { PULL_PAGE_SIZE as PAGE_SIZE } from '../../main/core/sync/pull';
/** The seed's design fetched pages of 100. */
export const SEED_PAGE_SIZE = 100;
