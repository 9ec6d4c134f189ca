import type { InvalidRecord, ListPage, ValidRecord } from './types';

/**
 * A page of a list (jobs, customers) whose records are parsed and validated when they are first
 * read, not when the page arrives. A pull asks for pages ahead while it writes the one before, and
 * over a fast network they wait for the writer: held as records, each waiting page was tens of MB
 * of objects that lived long enough to reach V8's old generation, so the heap grew with every page
 * fetched ahead (bench case 8). Held as its text, a waiting page is one flat string; its records
 * are made just before they are written. Its envelope (totals, a results array) was checked when
 * it arrived, so reading it later cannot fail.
 */
export class ListAnswer<T> implements ListPage<T> {
  private text: string | null;
  private validated: { records: ValidRecord<T>[]; invalid: InvalidRecord[] } | null = null;

  constructor(
    text: string,
    readonly page: number,
    readonly totalPages: number,
    readonly totalRecords: number,
    private readonly validate: (results: unknown[]) => { records: ValidRecord<T>[]; invalid: InvalidRecord[] },
  ) {
    this.text = text;
  }

  get records(): ValidRecord<T>[] {
    return this.read().records;
  }

  get invalid(): InvalidRecord[] {
    return this.read().invalid;
  }

  private read() {
    if (!this.validated) {
      const { results } = JSON.parse(this.text!) as { results: unknown[] };
      this.text = null;
      this.validated = this.validate(results);
    }
    return this.validated;
  }
}
