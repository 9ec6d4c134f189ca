import { useCallback, useEffect, useRef, useState } from 'react';
import { plainRecord } from '../../../../shared/display-text';
import type { Page } from '../../../../shared/domain';

const NO_ROWS: never[] = [];

/** Rows as they are shown: Ascora's text without the characters that reorder it (shared/display-text.ts). */
const shown = <T>(rows: T[]): T[] => rows.map(plainRecord);

interface Loaded<T> {
  key: string;
  version: number;
  rows: T[];
  total: number | null;
  nothingSearchable: boolean;
  /** The first page's length: the list's page size, as the core answers it. */
  pageSize: number;
}

/** A query's state before its first page. */
function nothingLoaded<T>(key: string, version: number): Loaded<T> {
  return { key, version, rows: NO_ROWS, total: null, nothingSearchable: false, pageSize: 0 };
}

/** The query's rows, a page at a time: `loadMore` asks for the next page unless one is on its way. */
export function usePages<T>(queryKey: string, version: number, load: (cursor: string | null) => Promise<Page<T>>) {
  // The rows belong to the query they were loaded for: a new query shows none until its first page
  // (the same query read again keeps its rows until then).
  const [data, setData] = useState<Loaded<T>>(() => nothingLoaded(queryKey, version));
  const current: Loaded<T> = data.key === queryKey ? data : nothingLoaded(queryKey, version);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [doneKey, setDoneKey] = useState<string | null>(null);
  const cursor = useRef<string | null>(null);
  const busy = useRef(false);
  const finished = useRef(false);
  const reading = useRef({ key: queryKey, version });
  const readingNow = `${queryKey}#${version}`;

  const loadMore = useCallback(async () => {
    if (busy.current || finished.current) return;
    busy.current = true;
    setLoading(true);
    const { key, version } = reading.current;
    const stale = () => key !== reading.current.key || version !== reading.current.version;
    try {
      const page = await load(cursor.current);
      if (stale()) return;
      cursor.current = page.nextCursor;
      finished.current = page.nextCursor === null;
      if (finished.current) setDoneKey(`${key}#${version}`);
      setData((d) => {
        const more = d.key === key && d.version === version;
        return {
          key,
          version,
          rows: more ? d.rows.concat(shown(page.rows)) : shown(page.rows),
          total: page.total,
          nothingSearchable: page.nothingSearchable ?? false,
          // The first page sets it (a list read again from the top keeps the one it had).
          pageSize: more && d.pageSize > 0 ? d.pageSize : page.rows.length,
        };
      });
      setError(null);
    } catch (e) {
      if (!stale()) setError(e);
    } finally {
      if (!stale()) {
        busy.current = false;
        setLoading(false);
      }
    }
  }, [load]);

  useEffect(() => {
    reading.current = { key: queryKey, version };
    cursor.current = null;
    finished.current = false;
    busy.current = false;
    void loadMore();
  }, [queryKey, version, loadMore]);

  const done = doneKey === readingNow && data.key === queryKey && data.version === version;
  return { ...current, loading, error, done, loadMore };
}
