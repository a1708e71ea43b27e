import { z } from 'zod'

/**
 * Every failure that crosses IPC carries one of these codes, so the renderer
 * branches on data instead of guessing at thrown strings.
 */
export const errorCodes = [
  'offline',
  'unauthorized',
  'forbidden',
  'rate_limited',
  'validation',
  'not_found',
  'conflict',
  'server',
  'invalid_response',
  'keychain_unavailable',
  'cancelled',
  'unknown_call',
  'untrusted_sender',
  'internal',
] as const

export const ErrorCodeSchema = z.enum(errorCodes)
export type ErrorCode = z.infer<typeof ErrorCodeSchema>

export const AppErrorDataSchema = z.object({
  code: ErrorCodeSchema,
  /** Words for a person: what happened and what to do next. */
  message: z.string(),
  /** Field-level messages, keyed by the input path ("customer.name"). */
  fields: z.record(z.string(), z.array(z.string())).optional(),
  /** For rate_limited: when a retry makes sense. */
  retryAfterMs: z.number().int().nonnegative().optional(),
})
export type AppErrorData = z.infer<typeof AppErrorDataSchema>

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorData }

/** Thrown inside the main process; turned into `{ ok: false, error }` at the IPC edge. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly fields: Record<string, string[]> | undefined
  readonly retryAfterMs: number | undefined

  constructor(
    code: ErrorCode,
    message: string,
    extra: { fields?: Record<string, string[]>; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause })
    this.name = 'AppError'
    this.code = code
    this.fields = extra.fields
    this.retryAfterMs = extra.retryAfterMs
  }

  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message }
    if (this.fields) data.fields = this.fields
    if (this.retryAfterMs !== undefined) data.retryAfterMs = this.retryAfterMs
    return data
  }
}

/** Collects zod issues by dotted path, the shape forms use to put a message next to a field. */
export function fieldsFromZodIssues(issues: readonly z.core.$ZodIssue[]): Record<string, string[]> {
  const fields: Record<string, string[]> = {}
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '(input)'
    const list = fields[key] ?? []
    list.push(issue.message)
    fields[key] = list
  }
  return fields
}
