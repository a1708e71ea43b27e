/** "14:03:22" today, "1 Dec, 14:03" otherwise. */
export function logTime(iso: string): string {
  const d = new Date(iso)
  const today = new Date().toDateString() === d.toDateString()
  return today
    ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : d.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
}

/** The endpoint without the `/platform/v1` every call shares. */
export const shortEndpoint = (endpoint: string) => endpoint.replace(/^\/platform\/v1(?=\/)/, '')

export const statusClass = (status: number) =>
  status >= 500 ? 'log-status--server' : status >= 400 ? 'log-status--client' : 'log-status--ok'

/** Why the cache is shown, in words, with the time it is from. */
export function staleNote(problem: { code: string; message: string }, asOf: string | null): string {
  const when = asOf ? `as of ${new Date(asOf).toLocaleString()}` : 'nothing was fetched yet'
  return problem.code === 'offline'
    ? `Kapso cannot be reached: showing the API logs seen here ${when}.`
    : `${problem.message} Showing the API logs seen here ${when}.`
}
