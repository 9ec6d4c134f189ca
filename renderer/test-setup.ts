import '@testing-library/dom';

// jsdom has no layout: give elements the scrolling method the lists call (it does nothing here).
if (typeof Element !== 'undefined' && !Element.prototype.scrollTo) {
  Element.prototype.scrollTo = function scrollTo() {};
}

// Nor does it watch what is on screen: the lists' "load more" sentinel (React Aria) is never seen,
// so a list shows its first page, as a browser does before any scrolling.
if (typeof globalThis.IntersectionObserver === 'undefined') {
  globalThis.IntersectionObserver = class {
    readonly root = null;
    readonly rootMargin = '';
    readonly thresholds = [];
    observe() {}
    unobserve() {}
    disconnect() {}
    takeRecords() {
      return [];
    }
  } as unknown as typeof IntersectionObserver;
}

// And every box measures 0 × 0, so React Aria's virtualised tables would render no rows: give
// elements the size of a window (1280 × 400: a dozen rows) for them to lay rows out in.
if (typeof HTMLElement !== 'undefined') {
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1280 });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 400 });
}

// Nor CSS.escape, which React Aria's lists use to find a row by its key (the standard's algorithm,
// for the characters our keys and ids hold).
if (typeof globalThis.CSS === 'undefined' || typeof globalThis.CSS.escape !== 'function') {
  const escape = (value: string) =>
    String(value).replace(/^-?\d|[^\w-]/g, (c) => (/\d/.test(c) ? `\\3${c} ` : `\\${c}`));
  globalThis.CSS = { ...(globalThis.CSS ?? {}), escape } as typeof CSS;
}
