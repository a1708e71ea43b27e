import { randomUUID } from 'node:crypto'
import type { DisplayNameRequest } from '../../shared/kapso/displayNameRequest'
import type { SandboxContext } from './context'
import { json, noContent, notFound, unprocessable } from './http'
import { pageResponse } from './pagination'
import { findPhoneNumber } from './phoneNumbers'
import type { Router } from './router'
import type { SandboxStore } from './store'
import { has, optionalBoolean, optionalString, requiredString, rootObject } from './validation'

/** Documented on `WhatsappDisplayNameRequestCreate.new_display_name`: "max 256 chars". */
export const DISPLAY_NAME_MAX = 256

/** Per number, oldest → newest. Kept beside the store so the store module stays as it is. */
const requestsOf = new WeakMap<SandboxStore, Map<string, DisplayNameRequest[]>>()

function requests(store: SandboxStore, phoneNumberId: string): DisplayNameRequest[] {
  let byNumber = requestsOf.get(store)
  if (!byNumber) {
    byNumber = new Map()
    requestsOf.set(store, byNumber)
  }
  let list = byNumber.get(phoneNumberId)
  if (!list) {
    list = []
    byNumber.set(phoneNumberId, list)
  }
  return list
}

/**
 * Meta's review, which the sandbox cannot wait 24–48 hours for: tests (and the
 * CLI) move a request on. `approved`/`applied` also change the number's shown name.
 */
export function reviewDisplayName(
  store: SandboxStore,
  phoneNumberId: string,
  requestId: string,
  status: DisplayNameRequest['status'],
  now: Date,
  error?: { code: number; subcode?: number; type?: string; message: string },
): DisplayNameRequest {
  const request = requests(store, phoneNumberId).find((r) => r.id === requestId)
  if (!request) throw new Error(`no display name request ${requestId}`)
  const at = now.toISOString()
  request.status = status
  request.reviewed_at = at
  if (status === 'applied' || status === 'approved') {
    request.applied_at = status === 'applied' ? at : null
    const number = store.phoneNumbers.get(phoneNumberId)
    if (!number) throw new Error(`no phone number ${phoneNumberId}`)
    number.display_name = request.requested_display_name
    number.verified_name = request.requested_display_name
    number.updated_at = at
  }
  if (error) {
    request.meta_error_code = error.code
    request.meta_error_subcode = error.subcode ?? null
    request.meta_error_type = error.type ?? 'OAuthException'
    request.meta_error_message = error.message
  }
  return request
}

/**
 * Number management beyond listing and health, as the Platform OpenAPI
 * documents it: `PATCH`/`DELETE /whatsapp/phone_numbers/{id}` and the display
 * name requests under it.
 */
export function registerPhoneNumberManagementRoutes(router: Router, ctx: SandboxContext): void {
  router.patch('/whatsapp/phone_numbers/:phone_number_id', ({ params, body }) => {
    const number = findPhoneNumber(ctx, params.phone_number_id!)
    const attrs = rootObject(body, 'whatsapp_phone_number')
    // `name` is required when a number is created (WhatsappPhoneNumberCreateRequest), so it cannot be blanked.
    const name = has(attrs, 'name') ? requiredString(attrs, 'name') : undefined
    const inbound = optionalBoolean(attrs, 'inbound_processing_enabled')
    const calls = optionalBoolean(attrs, 'calls_enabled')
    optionalString(attrs, 'webhook_destination_url')
    if (name !== undefined) number.name = name.trim()
    if (inbound !== undefined) number.inbound_processing_enabled = inbound
    if (calls !== undefined) number.calls_enabled = calls
    number.updated_at = ctx.now().toISOString()
    return json(200, { data: number })
  })

  router.delete('/whatsapp/phone_numbers/:phone_number_id', ({ params }) => {
    const number = findPhoneNumber(ctx, params.phone_number_id!)
    ctx.store.phoneNumbers.remove(number.id)
    for (const hook of ctx.store.webhooks.items.filter((w) => w.phone_number_id === number.phone_number_id)) {
      ctx.store.webhooks.remove(hook.id)
    }
    requestsOf.get(ctx.store)?.delete(number.phone_number_id)
    return noContent()
  })

  router.get('/whatsapp/phone_numbers/:phone_number_id/display_name_requests', ({ url, params }) => {
    const number = findPhoneNumber(ctx, params.phone_number_id!)
    // "most recent first" (listWhatsappDisplayNameRequests).
    return pageResponse(url, [...requests(ctx.store, number.phone_number_id)].reverse())
  })

  router.post('/whatsapp/phone_numbers/:phone_number_id/display_name_requests', ({ params, body }) => {
    const number = findPhoneNumber(ctx, params.phone_number_id!)
    const attrs = rootObject(body, 'display_name_request')
    const name = requiredString(attrs, 'new_display_name').trim()
    if (name.length > DISPLAY_NAME_MAX)
      throw unprocessable(`New display name is too long (maximum is ${DISPLAY_NAME_MAX} characters)`)
    const request: DisplayNameRequest = {
      id: randomUUID(),
      phone_number_id: number.phone_number_id,
      requested_display_name: name,
      previous_display_name: number.display_name ?? number.display_phone_number ?? null,
      status: 'pending_review',
      submitted_at: ctx.now().toISOString(),
      reviewed_at: null,
      applied_at: null,
      meta_error_code: null,
      meta_error_subcode: null,
      meta_error_type: null,
      meta_error_message: null,
    }
    requests(ctx.store, number.phone_number_id).push(request)
    // Meta's display name guidelines refuse names containing "WhatsApp"; the sandbox declines those at once
    // (with the declined example's error shape) so the console's "declined" state can be seen without waiting.
    if (/whatsapp/i.test(name))
      reviewDisplayName(ctx.store, number.phone_number_id, request.id, 'declined', ctx.now(), {
        code: 100,
        subcode: 2388135,
        message: 'Display name cannot contain "WhatsApp"',
      })
    return json(201, { data: request })
  })

  router.get('/whatsapp/phone_numbers/:phone_number_id/display_name_requests/:request_id', ({ params }) => {
    const number = findPhoneNumber(ctx, params.phone_number_id!)
    const request = requests(ctx.store, number.phone_number_id).find((r) => r.id === params.request_id)
    if (!request) throw notFound('Display name request')
    return json(200, { data: request })
  })
}
