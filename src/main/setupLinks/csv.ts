import type { BulkItem } from '../../shared/setupLinks/link'

export const CSV_HEADER = ['customer name', 'external id', 'link URL', 'expires at'] as const

/**
 * RFC 4180: CRLF rows, fields quoted when they hold a comma, quote or line
 * break. A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR
 * first) gets a leading apostrophe, so a customer named "=HYPERLINK(…)" stays text.
 */
export function csvCell(value: string | null): string {
  let text = value ?? ''
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One row per created link, in the order the customers were given. */
export function bulkCsv(items: readonly BulkItem[]): string {
  const rows = items
    .filter((i) => i.state === 'created')
    .map((i) => [i.customerName, i.externalCustomerId, i.url, i.expiresAt].map(csvCell).join(','))
  return `${[CSV_HEADER.join(','), ...rows].join('\r\n')}\r\n`
}
