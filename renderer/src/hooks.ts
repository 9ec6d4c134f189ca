import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Load something from main, again whenever `deps` change (as useEffect's: what it reads, and what
 * should trigger a reload such as a change count), and on demand. Errors are kept to show, never swallowed. Only the latest request's answer is
 * kept: an older one that arrives late is dropped.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  // A change of deps is noticed while rendering (React's way for state that follows props) and
  // starts a new generation; the effect below loads once per generation.
  const [seen, setSeen] = useState({ deps, generation: 0 });
  let generation = seen.generation;
  if (changed(seen.deps, deps)) {
    generation += 1;
    setSeen({ deps, generation });
    setLoading(true);
  }
  const latestLoad = useRef(load);
  useEffect(() => {
    latestLoad.current = load;
  });
  const latest = useRef(0);
  const start = useCallback(() => {
    const request = ++latest.current;
    return latestLoad.current().then(
      (loaded) => {
        if (request !== latest.current) return;
        setValue(loaded);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (request !== latest.current) return;
        setError(e);
        setLoading(false);
      },
    );
  }, []);
  useEffect(() => {
    void start();
  }, [generation, start]);
  const reload = useCallback(async () => {
    setLoading(true);
    await start();
  }, [start]);
  return { value, error, loading, reload };
}

const changed = (before: readonly unknown[], after: readonly unknown[]) =>
  before.length !== after.length || before.some((value, i) => !Object.is(value, after[i]));

/** The value, once it has stopped changing for `ms` (search as you type without a query per key). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
