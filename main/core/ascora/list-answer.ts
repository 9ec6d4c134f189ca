import type { InvalidRecord, ListPage, ValidRecord } from './types';

/**
 * A page of a list (jobs, customers) whose records are validated when they are first read, not
 * when the page arrives. A pull asks for pages ahead while it writes the one before, and over a
 * fast network they wait for the writer: validated on arrival, each waiting page held its records
 * twice (as Ascora sent them, and as validated) for as long as it waited, long enough to reach V8's
 * old generation (bench case 8). Now a waiting page holds only what Ascora sent, and its validated
 * records are made just before they are written. Parsed once, when it came: its envelope (totals,
 * a results array) was checked then, and a page that is not JSON failed then, as before.
 */
export class ListAnswer<T> implements ListPage<T> {
  private results: unknown[] | null;
  private validated: { records: ValidRecord<T>[]; invalid: InvalidRecord[] } | null = null;

  constructor(
    results: unknown[],
    readonly page: number,
    readonly totalPages: number,
    readonly totalRecords: number,
    private readonly validate: (results: unknown[]) => { records: ValidRecord<T>[]; invalid: InvalidRecord[] },
  ) {
    this.results = results;
  }

  get records(): ValidRecord<T>[] {
    return this.read().records;
  }

  get invalid(): InvalidRecord[] {
    return this.read().invalid;
  }

  private read() {
    if (!this.validated) {
      this.validated = this.validate(this.results!);
      this.results = null;
    }
    return this.validated;
  }
}
