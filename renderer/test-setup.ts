import { configure } from '@testing-library/dom';

// A screen over the real core answers in milliseconds alone, but in seconds on a loaded two-core
// machine (CI, or the whole suite at once): findBy… and waitFor wait as a person would, up to 10 s,
// not Testing Library's 1 s.
configure({ asyncUtilTimeout: 10_000 });

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

// jsdom has no CSS.escape, which React Aria calls when a popover opens or a list finds a row: CSSOM's "serialize an identifier".
if (typeof globalThis.CSS === 'undefined' || typeof globalThis.CSS.escape !== 'function') {
  const escape = (value: string): string =>
    [...String(value)]
      .map((char, index, all) => {
        const code = char.codePointAt(0)!;
        if (code === 0) return '\uFFFD';
        if ((code >= 0x1 && code <= 0x1f) || code === 0x7f) return `\\${code.toString(16)} `;
        if (index === 0 && /\d/.test(char)) return `\\${code.toString(16)} `;
        if (index === 1 && /\d/.test(char) && all[0] === '-') return `\\${code.toString(16)} `;
        if (index === 0 && char === '-' && all.length === 1) return '\\-';
        if (code >= 0x80 || /[-_0-9a-zA-Z]/.test(char)) return char;
        return `\\${char}`;
      })
      .join('');
  Object.defineProperty(globalThis, 'CSS', { value: { ...(globalThis.CSS ?? {}), escape }, configurable: true });
}

// jsdom has no matchMedia: the theme follows a light OS here.
if (typeof window !== 'undefined' && !window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener() {},
      removeEventListener() {},
      addListener() {},
      removeListener() {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
