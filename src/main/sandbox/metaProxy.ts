import { randomBytes } from 'node:crypto'
import type { SandboxContext } from './context'
import { wamid } from './events'
import { ApiError, json } from './http'
import type { Router } from './router'
import { normalisePhone } from './validation'

/** Meta Graph's error envelope (reference 5 / PYSDK "Known quirks"), not Kapso's flat `{"error": "..."}`. */
function graphError(status: number, message: string, type: string, code: number, subcode?: number): ApiError {
  const fbtraceId = randomBytes(9).toString('base64').replace(/[+/=]/g, 'A')
  return new ApiError(status, message, {
    body: {
      error: {
        message,
        type,
        code,
        ...(subcode === undefined ? {} : { error_subcode: subcode }),
        fbtrace_id: fbtraceId,
      },
    },
  })
}

/**
 * An unknown proxy path answers as Graph does, not with Kapso's `{"error": "..."}`: the
 * proxy mirrors Graph's shapes (https://docs.kapso.ai/api/meta/whatsapp/whatsapp-api-overview,
 * "Meta-compatible WhatsApp messaging endpoints"), and Graph's error object is
 * `{error: {message, type, code, error_subcode, fbtrace_id}}`
 * (https://developers.facebook.com/docs/graph-api/guides/error-handling).
 */
export function unknownGraphPath(method: string, path: string): ApiError {
  const verb = method.toLowerCase()
  return graphError(
    400,
    `Unknown path components: ${path.replace(/^\/meta\/whatsapp\/v[\d.]+/, '')} (${verb})`,
    'OAuthException',
    2500,
  )
}

/**
 * The Meta proxy's send-message route, answered locally: the number must be one of
 * the project's; `to` must look like a WhatsApp id. The wording mirrors Graph's own.
 */
export function registerMetaProxyRoutes(router: Router, ctx: SandboxContext): void {
  router.post('/:phone_number_id/messages', ({ params, body }) => {
    const id = params.phone_number_id!
    if (!ctx.store.phoneNumbers.get(id)) {
      throw graphError(
        400,
        `Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
        'GraphMethodException',
        100,
        33,
      )
    }
    if (body.messaging_product !== 'whatsapp') {
      throw graphError(
        400,
        '(#100) The parameter messaging_product is required.',
        'OAuthException',
        100,
        2494001,
      )
    }
    const to = typeof body.to === 'string' ? body.to : ''
    const waId = normalisePhone(to)
    if (waId === null) {
      throw graphError(
        400,
        "(#100) Invalid parameter: 'to' is not a valid WhatsApp phone number",
        'OAuthException',
        100,
        2494010,
      )
    }
    return json(200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: to, wa_id: waId }],
      messages: [{ id: wamid() }],
    })
  })
}
