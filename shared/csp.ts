/**
 * The renderer's Content-Security-Policy: one policy for both hosts (Electron's app:// scheme and
 * the browser host). Sent as a header by both; also written as a <meta> in renderer/index.html
 * (a test keeps the two equal) so the page carries it whoever serves it.
 */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  // React sets style attributes; no inline script is ever allowed.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** The policy a <meta> can carry (browsers ignore frame-ancestors there). */
export const META_CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ');

/** The policy sent as a response header. */
export const CONTENT_SECURITY_POLICY = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ');
