/**
 * What a list says when nothing matches: never "0 rows". A search with nothing a search can use (a
 * lone emoji, punctuation: the core says so) matches nothing by design, and says so; search and
 * filters can be cleared at once.
 */
export function EmptyList({
  noun,
  search,
  nothingSearchable,
  filtered,
  onClear,
  none,
}: {
  /** The plural, e.g. "jobs". */
  noun: string;
  search: string;
  /** The core found nothing a search can use in it (`Page.nothingSearchable`). */
  nothingSearchable: boolean;
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
    : nothingSearchable
      ? `Search by letters or numbers: '${query}' has none, so it matches no ${noun}.`
      : `No results for '${query}'${filtered ? ' with these filters' : ''}.`;
  return (
    <div role="status">
      <p>{message}</p>
      <button type="button" className="secondary" onClick={onClear}>
        Clear search and filters
      </button>
    </div>
  );
}
