import type { z } from 'zod'
import { AppError } from '../../shared/ipc/errors'

/**
 * Turns a response body into a typed value or an `invalid_response` error that
 * names the offending field path, so a changed API shows up as one clear error
 * at the edge instead of a crash deep in a view.
 */

/** `data[3].name` from zod's `['data', 3, 'name']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out ? `.${String(key)}` : String(key)
  }
  return out || '(body)'
}

export function parseResponse<T>(text: string, schema: z.ZodType<T>, where: string): T {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    throw new AppError('invalid_response', `Kapso sent a response that is not JSON (${where}).`, { cause })
  }
  const result = schema.safeParse(json)
  if (result.success) return result.data
  const fields: Record<string, string[]> = {}
  for (const issue of result.error.issues) {
    const key = formatPath(issue.path)
    fields[key] ??= []
    fields[key].push(issue.message)
  }
  const first = result.error.issues[0]
  const firstText = first ? `${formatPath(first.path)}: ${first.message}` : 'unknown shape'
  throw new AppError(
    'invalid_response',
    `Kapso sent a response the console does not understand at ${firstText} (${where}).`,
    { fields },
  )
}
