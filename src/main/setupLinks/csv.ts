import type { BulkItem } from '../../shared/setupLinks/link'

export const CSV_HEADER = ['customer name', 'external id', 'link URL', 'expires at'] as const

/**
 * RFC 4180: CRLF rows, fields quoted when they hold a quote or line break, and
 * also when they hold a comma or a semicolon (spreadsheets in semicolon locales
 * split on ';'). A cell that a spreadsheet would run as a formula gets a leading
 * apostrophe, so a customer named "=HYPERLINK(…)" stays text: OWASP's starters
 * (=, +, -, @, tab, CR) and the fullwidth ＝ ＋ － ＠, which spreadsheets also evaluate.
 */
export function csvCell(value: string | null): string {
  let text = value ?? ''
  if (/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(text)) text = `'${text}`
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One row per created link, in the order the customers were given. */
export function bulkCsv(items: readonly BulkItem[]): string {
  const rows = items
    .filter((i) => i.state === 'created')
    .map((i) => [i.customerName, i.externalCustomerId, i.url, i.expiresAt].map(csvCell).join(','))
  return `${[CSV_HEADER.join(','), ...rows].join('\r\n')}\r\n`
}
