/**
 * The one move shape of the table's roving focus (WAI-ARIA's grid pattern), for the rows and the
 * header's stops alike: a key to go back or forward one, PageUp/PageDown a page where there are
 * pages, Home the first and End the last; always within the `count` there are.
 */
export interface MoveKeys {
  back: string;
  forward: string;
  /** How many a page is (rows in view); none: PageUp/PageDown are not moves. */
  page?(): number;
}

/** Where `key` moves the focus from `at` among `count`, or null when it is not a move key. */
export function moveTarget(key: string, at: number, count: number, keys: MoveKeys): number | null {
  let to: number;
  if (key === keys.forward) to = at + 1;
  else if (key === keys.back) to = at - 1;
  else if (key === 'PageDown' && keys.page) to = at + keys.page();
  else if (key === 'PageUp' && keys.page) to = at - keys.page();
  else if (key === 'Home') to = 0;
  else if (key === 'End') to = count - 1;
  else return null;
  return Math.max(0, Math.min(to, count - 1));
}
