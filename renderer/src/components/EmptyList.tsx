/**
 * What a list says when nothing matches: never "0 rows". A search with no letters or digits (a
 * lone emoji, punctuation) matches nothing by design, and says so; filters can be cleared at once.
 */
export function EmptyList({
  noun,
  search,
  filtered,
  onClear,
  none,
}: {
  /** The plural, e.g. "jobs". */
  noun: string;
  search: string;
  /** Any filter besides the search is set. */
  filtered: boolean;
  onClear(): void;
  /** What to say when there is nothing at all, e.g. "No jobs yet: they arrive with the first sync." */
  none: string;
}) {
  const query = search.trim();
  if (!query && !filtered) return <p>{none}</p>;
  const message = !query
    ? `No ${noun} match these filters.`
    : searchable(query)
      ? `No results for '${query}'${filtered ? ' with these filters' : ''}.`
      : `Search by letters or numbers: '${query}' has none, so it matches no ${noun}.`;
  return (
    <div role="status">
      <p>{message}</p>
      <button type="button" className="secondary" onClick={onClear}>
        Clear search and filters
      </button>
    </div>
  );
}

/** A query the search can use has at least one letter or digit. */
export function searchable(query: string): boolean {
  return /[\p{L}\p{N}]/u.test(query);
}
