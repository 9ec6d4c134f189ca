/** A row's height, px (bench/cases/ui.ts scrolls by it). */
export const ROW_HEIGHT = 34;
/** The header row's height: the body starts this far down the scrolling grid. */
export const HEADING_HEIGHT = 34;
/** Rows drawn beyond the window each way, so a fast wheel does not show blank rows. */
export const OVERSCAN = 4;
/**
 * The next page is asked for when the window comes within this share of a page of the end of the
 * rows loaded: it has usually come before the scroll gets there, instead of the scroll stopping at
 * the end and the page landing in the middle of it (bench case 10). Never more than one page ahead.
 */
export const LOAD_AHEAD_PAGES = 0.5;
/** The selection's checkbox column. */
export const SELECT_WIDTH = 40;
