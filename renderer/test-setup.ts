import '@testing-library/dom';

// jsdom has no layout: give elements the scrolling method the lists call (it does nothing here).
if (typeof Element !== 'undefined' && !Element.prototype.scrollTo) {
  Element.prototype.scrollTo = function scrollTo() {};
}
