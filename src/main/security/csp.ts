/**
 * The renderer's Content-Security-Policy. Scripts and styles only from the
 * bundle, no eval, no inline script, nothing remote. `connect-src 'self'`
 * lets the web preview reach its own WebSocket on the same origin; under
 * Electron the page has no network at all (every call goes through main).
 */
export function buildCsp(delivery: 'header' | 'meta' = 'header'): string {
  const directives = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ]
  // Browsers ignore (and complain about) frame-ancestors in a <meta> tag; the header carries it.
  return directives.filter((d) => delivery === 'header' || !d.startsWith('frame-ancestors')).join('; ')
}
