/** Query values as the filters hold them; undefined and null mean "not filtered". */
export type QueryInput = Record<string, string | number | boolean | null | undefined>

/** `?a=1&b=true`, or '' when nothing is set. Booleans go as `true`/`false`, as the API documents. */
export function queryString(query: QueryInput | undefined): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    params.append(key, String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** One path segment: ids come from users and responses, so they are always encoded. */
export const seg = (value: string): string => encodeURIComponent(value)
