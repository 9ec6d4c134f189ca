/**
 * "Export CSV" on a list: pages through the list as it is filtered and sorted, asks for each
 * page's further columns, downloads a dated file named for what it holds and says
 * "Saved jobs-search-water-2026-12-01.csv (211 rows)".
 */
import { useState } from 'react';
import type { Page } from '../../../shared/domain';
import { csvFileName, download, exportWithDetails, savedNotice, type CsvScope } from './csv';
import { ErrorNotice } from './ErrorNotice';

export function useCsvExport<T extends { id: number }, D extends { id: number }>(options: {
  /** The file's first word: `jobs` makes jobs-all-2026-12-01.csv. */
  list: string;
  /**
   * The search and filters `load` applies, for the file's name. The screens pass the search as
   * typed (not the list's debounced one), to `load` too: an export just after the box was cleared
   * holds the whole list, not the old search's rows.
   */
  scope: CsvScope;
  load(cursor: string | null): Promise<Page<T>>;
  details(ids: number[]): Promise<D[]>;
  toCsv(rows: { row: T; details: D | undefined }[]): string;
}) {
  const [progress, setProgress] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function run() {
    setProgress('Exporting…');
    setNotice(null);
    try {
      const rows = await exportWithDetails(options.load, options.details, (done, total) =>
        setProgress(`Exporting ${done.toLocaleString('en-AU')} of ${total.toLocaleString('en-AU')}…`),
      );
      const fileName = csvFileName(options.list, options.scope, Date.now());
      download(fileName, options.toCsv(rows));
      setNotice(savedNotice(fileName, rows.length));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  }

  const status = (
    <>
      <div aria-live="polite">
        {progress ? <p className="hint">{progress}</p> : null}
        {notice ? <p className="notice notice-info">{notice}</p> : null}
      </div>
      <ErrorNotice error={error} />
    </>
  );
  return { run, busy: progress !== null, status };
}
