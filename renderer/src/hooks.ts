import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Load something from main; reload on demand. Errors are kept to show, never swallowed.
 * Only the latest request's answer is kept: an older one that arrives late is dropped.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    const request = ++latest.current;
    setLoading(true);
    try {
      const loaded = await run();
      if (request !== latest.current) return;
      setValue(loaded);
      setError(null);
    } catch (e) {
      if (request !== latest.current) return;
      setError(e);
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { value, error, loading, reload };
}

/** The value, once it has stopped changing for `ms` (search as you type without a query per key). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
