/** A row's height, px (bench/cases/ui.ts scrolls by it). */
export const ROW_HEIGHT = 34;
/** The header row's height: the body starts this far down the scrolling grid. */
export const HEADING_HEIGHT = 34;
/** Rows drawn beyond the window each way, so a fast wheel does not show blank rows. */
export const OVERSCAN = 4;
/** The selection's checkbox column. */
export const SELECT_WIDTH = 40;
