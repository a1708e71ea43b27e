import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { ApiError } from './http'

/** The CLI's wording; the spec documents only "Missing or invalid API key" as the 401's description. */
export const UNAUTHORIZED_MESSAGE = 'Invalid or missing API key'

/**
 * Accepts exactly the configured key in `X-API-Key` (no query parameter: the API has none).
 * On the Meta proxy (WhatsApp API) `Authorization: Bearer <key>` works too:
 * https://docs.kapso.ai/api/introduction ("The WhatsApp API also accepts a bearer token,
 * which is what lets Meta Cloud API code work unchanged"). The Platform API documents
 * only `X-API-Key` (openapi-platform.yaml `securitySchemes.ApiKeyAuth`).
 */
export function requireApiKey(req: IncomingMessage, apiKey: string, allowBearer = false): void {
  const given = req.headers['x-api-key']
  if (typeof given === 'string' && sameSecret(given, apiKey)) return
  const auth = req.headers.authorization
  if (allowBearer && typeof auth === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth)
    if (match && sameSecret(match[1]!, apiKey)) return
  }
  throw new ApiError(401, UNAUTHORIZED_MESSAGE)
}

/** Constant-time so the sandbox does not teach clients (or tests) a timing side channel. */
function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
