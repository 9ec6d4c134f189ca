/**
 * Case 10: the Jobs screen over the whole mirror in Debian's Chromium (playwright-core, as the
 * end-to-end tests run it), through the browser host. The list is scrolled from the top to the
 * last row, a step per animation frame; the frames drawn and the row elements in the DOM are
 * counted in the page while it scrolls.
 */
import { openApp } from '../lib/browser';
import { int, ms, round, seconds } from '../lib/stats';

export interface ScrollResult {
  totalRows: number;
  rowsReached: number;
  reachedBottom: boolean;
  durationMs: number;
  frames: number;
  framesPerSecond: number;
  /** The longest gap between two frames, ms. */
  longestFrameMs: number;
  maxRowElements: number;
  timedOut: boolean;
  /**
   * The page's main thread's CPU time a frame, ms (Chromium's trace): what the list itself costs,
   * nearly the same on a busy machine, where frames a second and the longest frame also measure
   * the other processes.
   */
  cpuPerFrameMs: number;
}

/** Case 10's target (issue 21): a window of rows, smooth all the way down. */
export const SCROLL_TARGET = '< 200 rows, >= 50 frames/s, no frame > 50 ms';

/**
 * Frames fall on Chromium's 60 Hz frame clock, and the page's clock is coarsened to 0.1 ms: three
 * frame intervals (50 ms, the most the target allows) read as 50.0 or 50.1 ms by chance. A frame
 * counts as over 50 ms when it is over by more than that reading's error; the next interval up is
 * 66.7 ms.
 */
const FRAME_CLOCK_ERROR_MS = 1;

export function scrollPasses(scroll: ScrollResult): boolean {
  return (
    scroll.maxRowElements < 200 &&
    scroll.framesPerSecond >= 50 &&
    scroll.longestFrameMs <= 50 + FRAME_CLOCK_ERROR_MS &&
    scroll.reachedBottom
  );
}

/** The case's figure as the results table shows it. */
export function scrollFigure(scroll: ScrollResult): string {
  return `${scroll.maxRowElements} row elements max, ${round(scroll.framesPerSecond, 1)} frames/s (${int(scroll.rowsReached)} rows in ${seconds(scroll.durationMs)}${scroll.timedOut ? ', stopped: time limit' : ''}; longest frame ${ms(scroll.longestFrameMs, 1)}; main thread ${ms(scroll.cpuPerFrameMs)} CPU a frame)`;
}

/** DataTable.tsx's row and header heights. */
const ROW_HEIGHT = 34;
const HEADING_HEIGHT = 34;

/**
 * Runs in the page. Plain JavaScript text, not a function of this file: the TypeScript loader may
 * add helpers to compiled functions that do not exist in the page.
 */
const SCROLL_SCRIPT = `({ stepPx, limitMs, rowHeight, headingHeight }) => new Promise((resolve) => {
  // DataTable.tsx on TanStack Virtual: the grid itself scrolls, and its content is as tall as the
  // header plus the rows loaded so far (and a row for "loading more" while more are to come).
  const grid = document.querySelector('[role="grid"][aria-label="Jobs"]');
  const count = grid.closest('.dt').querySelector('.dt-meta').textContent.match(/[0-9,]+/);
  const totalRows = Number((count ? count[0] : '0').replace(/,/g, ''));
  const start = performance.now();
  let frames = 0;
  let last = start;
  let longest = 0;
  let maxRows = 0;
  const tick = (now) => {
    frames++;
    longest = Math.max(longest, now - last);
    last = now;
    maxRows = Math.max(maxRows, document.querySelectorAll('[role="row"]').length);
    const loaded = Math.min(totalRows, Math.floor((grid.scrollHeight - headingHeight) / rowHeight));
    const bottom = grid.scrollHeight - grid.clientHeight;
    const reachedBottom = loaded >= totalRows && grid.scrollTop >= bottom - 1;
    const elapsed = now - start;
    if (reachedBottom || elapsed > limitMs) {
      resolve({
        totalRows,
        rowsReached: Math.min(loaded, Math.ceil((grid.scrollTop + grid.clientHeight - headingHeight) / rowHeight)),
        reachedBottom,
        durationMs: elapsed,
        frames,
        framesPerSecond: frames / (elapsed / 1000),
        longestFrameMs: longest,
        maxRowElements: maxRows,
        timedOut: !reachedBottom,
      });
      return;
    }
    grid.scrollTop = Math.min(grid.scrollTop + stepPx, bottom);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})`;

export async function runScroll(
  launchUrl: string,
  options: { stepPx: number; limitMs: number },
): Promise<ScrollResult> {
  const { browser, page } = await openApp(launchUrl, { width: 1280, height: 800 });
  try {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Jobs', exact: true }).click();
    await page.getByRole('grid', { name: 'Jobs' }).waitFor();
    const count = page.locator('.dt-meta');
    // Polled from here: the page's Content-Security-Policy refuses the eval waitForFunction needs.
    const deadline = Date.now() + 30_000;
    while (!/^[1-9][\d,]* jobs?$/.test(((await count.textContent()) ?? '').trim())) {
      if (Date.now() > deadline) throw new Error('the Jobs list showed no rows in 30 s');
      await page.waitForTimeout(100);
    }
    const args = JSON.stringify({
      stepPx: options.stepPx,
      limitMs: options.limitMs,
      rowHeight: ROW_HEIGHT,
      headingHeight: HEADING_HEIGHT,
    });
    const trace = await page.context().newCDPSession(page);
    const tasks: { name: string; ph: string; tid: number; tdur?: number }[] = [];
    trace.on('Tracing.dataCollected', (data) => tasks.push(...(data.value as unknown as typeof tasks)));
    const traced = new Promise((resolve) => trace.once('Tracing.tracingComplete', resolve));
    await trace.send('Tracing.start', {
      categories: 'disabled-by-default-devtools.timeline',
      transferMode: 'ReportEvents',
    });
    const result = (await page.evaluate(`(${SCROLL_SCRIPT})(${args})`)) as Omit<ScrollResult, 'cpuPerFrameMs'>;
    await trace.send('Tracing.end');
    await traced;
    // The renderer's busiest thread is its main thread (tasks' thread time, µs).
    const cpuByThread = new Map<number, number>();
    for (const t of tasks)
      if (t.name === 'RunTask' && t.ph === 'X') cpuByThread.set(t.tid, (cpuByThread.get(t.tid) ?? 0) + (t.tdur ?? 0));
    const mainCpuMs = Math.max(0, ...cpuByThread.values()) / 1000;
    return { ...result, cpuPerFrameMs: mainCpuMs / Math.max(result.frames, 1) };
  } finally {
    await browser.close();
  }
}
