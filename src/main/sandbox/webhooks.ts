import { randomBytes } from 'node:crypto'
import type { SandboxContext } from './context'
import { samplePayload } from './events'
import { json, noContent, notFound, unprocessable } from './http'
import { randomIds } from './ids'
import { pageResponse } from './pagination'
import { queryFlag } from './periods'
import { findPhoneNumber } from './phoneNumbers'
import type { Router } from './router'
import type { WhatsappWebhook } from './types'
import { createdRange, inCreatedRange, rootObject } from './validation'
import { checkWebhook, readWebhookFields, type WebhookPatch } from './webhookOptions'

/** Builds a webhook with the documented defaults (kind kapso, active, v2, buffer 5 s / 50). */
export function buildWebhook(
  ctx: SandboxContext,
  phoneNumberId: string | null,
  patch: WebhookPatch,
  createdAt = ctx.now().toISOString(),
): WhatsappWebhook {
  const hook: WhatsappWebhook = {
    id: randomIds.uuid(),
    url: patch.url ?? '',
    kind: patch.kind ?? 'kapso',
    events: patch.events ?? [],
    active: patch.active ?? true,
    created_at: createdAt,
    updated_at: createdAt,
    project_id: ctx.projectId,
    phone_number_id: phoneNumberId,
    secret_key: patch.secret_key ?? null,
    headers: patch.headers ?? null,
    buffer_enabled: patch.buffer_enabled ?? false,
    buffer_window_seconds: patch.buffer_window_seconds ?? 5,
    max_buffer_size: patch.max_buffer_size ?? 50,
    buffer_events: patch.buffer_events ?? ['whatsapp.message.received'],
    inactivity_minutes: patch.inactivity_minutes ?? 60,
    payload_version: patch.payload_version ?? 'v2',
  }
  checkWebhook(hook)
  return hook
}

/**
 * At most one meta webhook per number: Kapso's own agent skills say so
 * (github.com/gokapso/agent-skills, kapso-ops references/webhooks-overview.md); the API
 * reference does not, so this is the one rule here from that source.
 */
function checkSingleMeta(ctx: SandboxContext, hook: WhatsappWebhook): void {
  if (hook.kind !== 'meta') return
  const clash = ctx.store.webhooks.items.some(
    (w) => w.id !== hook.id && w.kind === 'meta' && w.phone_number_id === hook.phone_number_id,
  )
  if (clash) throw unprocessable('Phone number already has a meta webhook')
}

function applyUpdate(
  ctx: SandboxContext,
  hook: WhatsappWebhook,
  body: Record<string, unknown>,
): WhatsappWebhook {
  const patch = readWebhookFields(rootObject(body, 'whatsapp_webhook'))
  // "Webhook type (cannot be changed after creation)" (openapi-platform.yaml WhatsappWebhookUpdateRequest).
  if (patch.kind !== undefined && patch.kind !== hook.kind) throw unprocessable('Kind cannot be changed')
  const next = { ...hook, ...patch, updated_at: ctx.now().toISOString() }
  checkWebhook(next)
  Object.assign(hook, next)
  return hook
}

function findWebhook(ctx: SandboxContext, id: string, phoneNumberId?: string): WhatsappWebhook {
  const hook = ctx.store.webhooks.get(id)
  if (!hook || (phoneNumberId !== undefined && hook.phone_number_id !== phoneNumberId))
    throw notFound('Webhook')
  return hook
}

export function registerWebhookRoutes(router: Router, ctx: SandboxContext): void {
  const { store } = ctx

  // Project family: the list shows both scopes (reference 2.4).
  router.get('/whatsapp/webhooks', ({ url, query }) => {
    const kind = query.get('kind')
    return pageResponse(url, store.webhooks.newestFirst(kind ? (w) => w.kind === kind : undefined))
  })

  router.post('/whatsapp/webhooks', ({ body }) => {
    const attrs = rootObject(body, 'whatsapp_webhook')
    const patch = readWebhookFields(attrs)
    if (!patch.url) throw unprocessable('Url must be a valid URL')
    let phoneNumberId: string | null = null
    if (typeof attrs.phone_number_id === 'string' && attrs.phone_number_id !== '') {
      phoneNumberId = findPhoneNumber(ctx, attrs.phone_number_id).phone_number_id
    }
    // The dashboard generates a secret when none is given; the API is not documented to (open question 14).
    if (!patch.secret_key) patch.secret_key = randomBytes(24).toString('hex')
    const hook = buildWebhook(ctx, phoneNumberId, patch)
    checkSingleMeta(ctx, hook)
    store.webhooks.insert(hook)
    return json(201, { data: hook })
  })

  router.get('/whatsapp/webhooks/:webhook_id', ({ params }) =>
    json(200, { data: findWebhook(ctx, params.webhook_id!) }),
  )

  router.patch('/whatsapp/webhooks/:webhook_id', ({ params, body }) =>
    json(200, { data: applyUpdate(ctx, findWebhook(ctx, params.webhook_id!), body) }),
  )

  router.delete('/whatsapp/webhooks/:webhook_id', ({ params }) => {
    store.webhooks.remove(findWebhook(ctx, params.webhook_id!).id)
    return noContent()
  })

  // `event_type` in the JSON body (SPEC) or the query string (SKILLS test.js): both accepted.
  router.post('/whatsapp/webhooks/:webhook_id/test', ({ params, body, query }) => {
    const hook = findWebhook(ctx, params.webhook_id!)
    const requested = typeof body.event_type === 'string' ? body.event_type : query.get('event_type')
    // "The event type must be one of the events the webhook is configured to receive"
    // (https://docs.kapso.ai/api/platform/v1/webhooks/test-project-webhook, openapi-platform.yaml).
    if (requested && !hook.events.includes(requested)) {
      throw unprocessable(`Event type ${requested} is not configured for this webhook`)
    }
    const event = requested || hook.events[0] || 'whatsapp.message.received'
    const payload = samplePayload(event, {
      projectId: ctx.projectId,
      phoneNumberId: hook.phone_number_id,
      now: ctx.now(),
    })
    void ctx.deliveries.deliver(event, payload, { webhookId: hook.id, phoneNumberId: hook.phone_number_id })
    return json(200, { data: { success: true } })
  })

  // Number family: the same objects, seen through one number.
  router.get('/whatsapp/phone_numbers/:phone_number_id/webhooks', ({ params, url, query }) => {
    const number = findPhoneNumber(ctx, params.phone_number_id!)
    const urlContains = query.get('url_contains')
    const kind = query.get('kind')
    const active = query.get('active')
    const range = createdRange(query)
    const rows = store.webhooks.newestFirst(
      (w) =>
        w.phone_number_id === number.phone_number_id &&
        (!urlContains || w.url.includes(urlContains)) &&
        (!kind || w.kind === kind) &&
        (active === null || w.active === queryFlag(query, 'active')) &&
        inCreatedRange(w.created_at, range),
    )
    return pageResponse(url, rows)
  })

  router.post('/whatsapp/phone_numbers/:phone_number_id/webhooks', ({ params, body }) => {
    const number = findPhoneNumber(ctx, params.phone_number_id!)
    const patch = readWebhookFields(rootObject(body, 'whatsapp_webhook'))
    if (!patch.url) throw unprocessable('Url must be a valid URL')
    // "Required for every webhook, including 'meta' ones, and never generated for you"
    // (https://docs.kapso.ai/api/platform/v1/webhooks/create-webhook, WhatsappWebhookRequest.secret_key).
    if (!patch.secret_key) throw unprocessable("Secret key can't be blank")
    const hook = buildWebhook(ctx, number.phone_number_id, patch)
    checkSingleMeta(ctx, hook)
    store.webhooks.insert(hook)
    return json(201, { data: hook })
  })

  router.get('/whatsapp/phone_numbers/:phone_number_id/webhooks/:webhook_id', ({ params }) =>
    json(200, {
      data: findWebhook(ctx, params.webhook_id!, findPhoneNumber(ctx, params.phone_number_id!).id),
    }),
  )

  router.patch('/whatsapp/phone_numbers/:phone_number_id/webhooks/:webhook_id', ({ params, body }) => {
    const hook = findWebhook(ctx, params.webhook_id!, findPhoneNumber(ctx, params.phone_number_id!).id)
    return json(200, { data: applyUpdate(ctx, hook, body) })
  })

  router.delete('/whatsapp/phone_numbers/:phone_number_id/webhooks/:webhook_id', ({ params }) => {
    const hook = findWebhook(ctx, params.webhook_id!, findPhoneNumber(ctx, params.phone_number_id!).id)
    store.webhooks.remove(hook.id)
    return noContent()
  })
}
