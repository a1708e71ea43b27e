/**
 * URL checks used by navigation guards and `shell.openExternal`. Parsed, never
 * compared with `startsWith` (which "https://app.example.evil" would pass).
 */
export function parseUrl(raw: string): URL | null {
  try {
    return new URL(raw)
  } catch {
    return null
  }
}

/** Only plain https links to a real host leave the app, and only to the default browser. */
export function isAllowedExternalUrl(raw: string): boolean {
  const url = parseUrl(raw)
  if (url?.protocol !== 'https:') return false
  if (!url.hostname || url.username || url.password) return false
  return true
}

/** True when `raw` is on exactly the given origin (scheme, host and port). */
export function isSameOrigin(raw: string, origin: string): boolean {
  const url = parseUrl(raw)
  const expected = parseUrl(origin)
  if (!url || !expected) return false
  // Custom schemes (app://bundle) report origin "null": compare the parts instead.
  return url.protocol === expected.protocol && url.host === expected.host
}
