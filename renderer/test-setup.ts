import '@testing-library/dom';

// jsdom has no layout: give elements the scrolling method the lists call (it does nothing here).
if (typeof Element !== 'undefined' && !Element.prototype.scrollTo) {
  Element.prototype.scrollTo = function scrollTo() {};
}

// jsdom has no CSS.escape, which React Aria's overlays call (a browser always has it). The
// shape of the escaping does not matter here: the keys it escapes are plain words.
if (typeof globalThis.CSS === 'undefined') (globalThis as { CSS?: unknown }).CSS = {};
if (typeof CSS.escape !== 'function') CSS.escape = (value: string) => value.replace(/[^\w-]/g, (c) => `\\${c}`);

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
