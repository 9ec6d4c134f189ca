/** Where the focus goes when the screen changes: the screen's own <h1>, so a screen reader reads its name. */

/** The main region's id: the skip link's target. */
export const MAIN_ID = 'main-content';

const visible = (el: Element) => el.getClientRects().length > 0;

/** Focuses the screen's <h1>; if that is out of view (an open record fills a narrow window), the first visible heading. */
export function focusScreenHeading(): void {
  const main = document.getElementById(MAIN_ID);
  if (!main) return;
  const heading = [...main.querySelectorAll<HTMLElement>('h1, h2')].find(visible);
  const target = heading ?? main;
  if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
  target.focus();
}
