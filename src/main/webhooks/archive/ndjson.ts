import { AppError } from '../../../shared/ipc/errors'
import {
  ARCHIVE_FORMAT,
  type ArchivedDelivery,
  ArchivedDeliverySchema,
} from '../../../shared/webhooks/archive'

/** One delivery per line, keys in a fixed order, so export → import → export gives the same bytes. */
export function toNdjsonLine(d: ArchivedDelivery): string {
  return JSON.stringify({
    format: ARCHIVE_FORMAT,
    receivedAt: d.receivedAt,
    method: d.method,
    path: d.path,
    source: d.source,
    signature: d.signature,
    headers: d.headers,
    bodyEncoding: d.bodyEncoding,
    body: d.body,
  })
}

const MAX_REPORTED = 20

/**
 * Reads an NDJSON export. All or nothing: one bad line and nothing is imported,
 * with every bad line named by its number (the first 20), so the file can be
 * fixed and imported again without duplicates from a half-done first try.
 */
export function parseNdjson(content: string): ArchivedDelivery[] {
  const out: ArchivedDelivery[] = []
  const problems: string[] = []
  let bad = 0
  const lines = content.split('\n')
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (line.trim() === '') return
    const report = (why: string) => {
      bad++
      if (problems.length < MAX_REPORTED) problems.push(`line ${i + 1}: ${why}`)
    }
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch (error) {
      report(`not JSON (${(error as Error).message})`)
      return
    }
    const parsed = ArchivedDeliverySchema.safeParse(value)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      report(`${issue.path.join('.') || 'line'}: ${issue.message}`)
      return
    }
    if (parsed.data.bodyEncoding === 'base64' && !/^[A-Za-z0-9+/]*={0,2}$/.test(parsed.data.body)) {
      report('body: not base64')
      return
    }
    out.push(parsed.data)
  })
  if (bad) {
    throw new AppError(
      'validation',
      `Nothing was imported: ${bad} line${bad === 1 ? ' is' : 's are'} not a Kapso Console export line (${problems.join('; ')}${bad > MAX_REPORTED ? '; …' : ''}). Fix or remove ${bad === 1 ? 'it' : 'them'} and import again.`,
    )
  }
  if (!out.length)
    throw new AppError('validation', 'The file has no deliveries in it: is it a Kapso Console NDJSON export?')
  return out
}
