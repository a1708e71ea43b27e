import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * Handlers return a value instead of writing to the socket, so the server can
 * log it, corrupt it or withhold it (fault injection) in one place.
 */
export interface ApiResponse {
  status: number
  headers?: Record<string, string>
  /** JSON-serialised unless `raw` is set; undefined with no raw = empty body (204). */
  body?: unknown
  raw?: string
  contentType?: string
}

/** Thrown by handlers for a documented error; becomes `{"error": message}` with the status. */
export class ApiError extends Error {
  readonly status: number
  readonly body: unknown
  readonly headers: Record<string, string> | undefined

  constructor(
    status: number,
    message: string,
    extra: { body?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message)
    this.status = status
    this.body = extra.body ?? { error: message }
    this.headers = extra.headers
  }
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): ApiResponse => ({
  status,
  body,
  ...(headers ? { headers } : {}),
})

export const noContent = (): ApiResponse => ({ status: 204 })

export const notFound = (what: string): ApiError => new ApiError(404, `${what} not found`)
export const unprocessable = (message: string): ApiError => new ApiError(422, message)

const MAX_BODY_BYTES = 1024 * 1024

/** Reads the whole body; over 1 MiB is refused rather than buffered without bound. */
export async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'Request body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** Parses a JSON request body; an empty body is `{}` so `POST .../test` with no body works. */
export function parseJsonBody(raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8').trim()
  if (text === '') return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    // Rails answers a parse error with 400; the spec lists no status for it.
    throw new ApiError(400, 'Invalid JSON in request body')
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(400, 'Request body must be a JSON object')
  }
  return value as Record<string, unknown>
}

/** Serialises and writes an ApiResponse. */
export function writeResponse(
  res: ServerResponse,
  response: ApiResponse,
  extraHeaders: Record<string, string>,
): void {
  const headers: Record<string, string> = { ...extraHeaders, ...response.headers }
  let payload: string | undefined
  if (response.raw !== undefined) payload = response.raw
  else if (response.body !== undefined) payload = JSON.stringify(response.body)
  if (payload !== undefined) {
    headers['Content-Type'] = response.contentType ?? 'application/json; charset=utf-8'
    headers['Content-Length'] = String(Buffer.byteLength(payload))
  }
  res.writeHead(response.status, headers)
  res.end(payload)
}
