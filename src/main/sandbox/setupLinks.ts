import type { SandboxContext } from './context'
import { findCustomer } from './customers'
import { json, notFound, unprocessable } from './http'
import { type IdSource, randomIds } from './ids'
import { pageResponse } from './pagination'
import type { Router } from './router'
import {
  readCommonOptions,
  readCreateOnlyOptions,
  readUpdateOnlyOptions,
  type SetupLinkPatch,
} from './setupLinkOptions'
import type { SetupLink, SetupLinkRecord, SetupLinkStatus } from './types'
import { createdRange, inCreatedRange, normalisePhone, rootObject } from './validation'

/** Links expire 30 days after creation by default (reference 2.2). */
export const SETUP_LINK_TTL_MS = 30 * 24 * 60 * 60 * 1000

export const setupPageUrl = (ctx: SandboxContext, token: string) => `${ctx.baseUrl()}/whatsapp/setup/${token}`

/**
 * Expiry is evaluated lazily against the sandbox clock whenever a link is read,
 * so an injected clock that jumps 31 days shows `expired` with no timer.
 */
export function refreshStatus(record: SetupLinkRecord, nowIso: string): SetupLink {
  const link = record.link
  if (link.status === 'active' && link.expires_at !== null && link.expires_at <= nowIso)
    link.status = 'expired'
  return link
}

/** The sandbox's own setup page: rebuilt from the token, so the URL follows the port the server got. */
export function serialiseLink(ctx: SandboxContext, record: SetupLinkRecord): SetupLink {
  refreshStatus(record, ctx.now().toISOString())
  return { ...record.link, url: setupPageUrl(ctx, record.token) }
}

/** Enforces one active link per customer: any other active one becomes `revoked`. */
function revokeOtherActive(ctx: SandboxContext, customerId: string, keepId: string | null): void {
  const nowIso = ctx.now().toISOString()
  for (const other of ctx.store.setupLinksOf(customerId)) {
    if (other.link.id !== keepId && refreshStatus(other, nowIso).status === 'active')
      other.link.status = 'revoked'
  }
}

export interface NewSetupLinkInput extends SetupLinkPatch {
  created_at?: string
}

/** Builds and stores a link with the documented defaults; used by the API and by the seed. */
export function insertSetupLink(
  ctx: SandboxContext,
  customerId: string,
  input: NewSetupLinkInput,
  ids: IdSource = randomIds,
): SetupLinkRecord {
  const createdAt = input.created_at ?? ctx.now().toISOString()
  const token = ids.token()
  const link: SetupLink = {
    id: ids.uuid(),
    status: input.status ?? 'active',
    created_at: createdAt,
    expires_at:
      input.expires_at !== undefined
        ? input.expires_at
        : new Date(Date.parse(createdAt) + SETUP_LINK_TTL_MS).toISOString(),
    url: '',
    success_redirect_url: input.success_redirect_url ?? null,
    failure_redirect_url: input.failure_redirect_url ?? null,
    allowed_origins: input.allowed_origins ?? [],
    allowed_connection_types: input.allowed_connection_types ?? ['coexistence', 'dedicated'],
    meta_billing_mode: input.meta_billing_mode ?? 'customer_managed',
    theme_config: input.theme_config ?? null,
    provision_phone_number: input.provision_phone_number ?? false,
    phone_number_area_code: input.phone_number_area_code ?? null,
    phone_number_country_isos: input.phone_number_country_isos ?? ['US'],
    reconnect_phone_number: input.reconnect_phone_number ?? null,
    language: input.language ?? null,
    whatsapp_setup_status: 'pending',
    whatsapp_setup_error: null,
  }
  const record: SetupLinkRecord = { link, token, customerId }
  ctx.store.addSetupLink(record)
  return record
}

/** Reconnect mode rules from D-SETUP manage.md; mutates `patch` to the normalised number and type. */
function applyReconnectRules(ctx: SandboxContext, customerId: string, patch: SetupLinkPatch): void {
  if (!patch.reconnect_phone_number) return
  if (patch.provision_phone_number === true) {
    // "provision_phone_number is forced to false. Passing true returns 422." and the other reconnect
    // rules below: https://docs.kapso.ai/docs/platform/setup-links/manage ("Reconnect existing numbers").
    throw unprocessable('provision_phone_number cannot be used with reconnect_phone_number')
  }
  const digits = normalisePhone(patch.reconnect_phone_number)
  const existing =
    digits === null
      ? undefined
      : ctx.store.phoneNumbers.items.find(
          (n) => n.customer_id === customerId && n.display_phone_number_normalized === digits,
        )
  if (!existing || digits === null) {
    throw unprocessable('reconnect_phone_number must match an existing WhatsApp config for this customer')
  }
  const type = existing.is_coexistence ? 'coexistence' : 'dedicated'
  const given = patch.allowed_connection_types
  if (given !== undefined && (given.length !== 1 || given[0] !== type)) {
    throw unprocessable(`allowed_connection_types must be ["${type}"] to reconnect this number`)
  }
  patch.allowed_connection_types = [type]
  patch.reconnect_phone_number = digits
}

function findLink(ctx: SandboxContext, customerId: string, linkId: string): SetupLinkRecord {
  const record = ctx.store.setupLinksById.get(linkId)
  if (!record || record.customerId !== customerId) throw notFound('Setup link')
  return record
}

const STATUSES: readonly SetupLinkStatus[] = ['active', 'used', 'expired', 'revoked']

export function registerSetupLinkRoutes(router: Router, ctx: SandboxContext): void {
  router.get('/customers/:customer_id/setup_links', ({ params, query, url }) => {
    const customer = findCustomer(ctx, params.customer_id!)
    const status = query.get('status')
    const range = createdRange(query)
    const nowIso = ctx.now().toISOString()
    const rows = ctx.store
      .setupLinksOf(customer.id)
      .filter((r) => {
        const link = refreshStatus(r, nowIso)
        return (
          (!status || !STATUSES.includes(status as SetupLinkStatus) || link.status === status) &&
          inCreatedRange(link.created_at, range)
        )
      })
      .reverse()
    return pageResponse(url, rows, (r) => serialiseLink(ctx, r))
  })

  router.post('/customers/:customer_id/setup_links', ({ params, body }) => {
    const customer = findCustomer(ctx, params.customer_id!)
    // `{"setup_link":{}}` is a valid minimal create, and so (leniently) is no root key.
    const attrs = rootObject(body, 'setup_link', false)
    const patch = { ...readCommonOptions(attrs), ...readCreateOnlyOptions(attrs) }
    applyReconnectRules(ctx, customer.id, patch)
    revokeOtherActive(ctx, customer.id, null)
    const record = insertSetupLink(ctx, customer.id, patch)
    return json(201, { data: { ...serialiseLink(ctx, record), token: record.token } })
  })

  router.patch('/customers/:customer_id/setup_links/:setup_link_id', ({ params, body }) => {
    const customer = findCustomer(ctx, params.customer_id!)
    const record = findLink(ctx, customer.id, params.setup_link_id!)
    const attrs = rootObject(body, 'setup_link')
    const patch = { ...readCommonOptions(attrs), ...readUpdateOnlyOptions(attrs) }
    const nowIso = ctx.now().toISOString()
    const link = refreshStatus(record, nowIso)
    if (link.status === 'used') throw unprocessable('A used setup link cannot be changed')
    if (patch.provision_phone_number === true && link.reconnect_phone_number) {
      // "provision_phone_number is forced to false. Passing true returns 422." and the other reconnect
      // rules below: https://docs.kapso.ai/docs/platform/setup-links/manage ("Reconnect existing numbers").
      throw unprocessable('provision_phone_number cannot be used with reconnect_phone_number')
    }
    const expiresAt = patch.expires_at !== undefined ? patch.expires_at : link.expires_at
    if (patch.status === 'active' && expiresAt !== null && expiresAt <= nowIso) {
      throw unprocessable('expires_at must be in the future to reactivate a setup link')
    }
    Object.assign(link, patch)
    // Extending an expired link's expiry brings it back, as the docs' "extend" use implies.
    if (patch.expires_at !== undefined && patch.status === undefined && link.status === 'expired') {
      if (expiresAt === null || expiresAt > nowIso) link.status = 'active'
    }
    if (link.status === 'active') revokeOtherActive(ctx, customer.id, link.id)
    return json(200, { data: serialiseLink(ctx, record) })
  })
}
