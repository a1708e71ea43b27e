import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { SandboxContext } from './context'
import type { ApiResponse } from './http'
import {
  completeSignup,
  fail,
  redirectFor,
  SIGNUP_ERROR_CODES,
  type SignupOutcome,
  unusableReason,
} from './signup'
import type { SetupLinkRecord } from './types'

/**
 * Stand-in for Kapso's hosted setup page (`/whatsapp/setup/<token>`): two POST
 * forms instead of Meta's embedded signup. No scripts, no external resources.
 */

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f8fafc;color:#0f172a}
main{max-width:32rem;margin:3rem auto;padding:2rem;background:#fff;border:1px solid #e2e8f0;border-radius:12px}
h1{font-size:1.3rem;margin:0 0 .5rem}p{color:#475569}form{margin:1.5rem 0 0;display:grid;gap:.6rem}
label{font-weight:600;font-size:.9rem}input,select{font:inherit;padding:.5rem;border:1px solid #cbd5e1;border-radius:8px}
button{font:inherit;padding:.6rem 1rem;border:0;border-radius:8px;background:#22c55e;color:#fff;cursor:pointer}
button.fail{background:#ef4444}code{background:#f1f5f9;padding:.1rem .3rem;border-radius:4px}`

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64')

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const originOf = (url: string | null) => {
  try {
    return url ? new URL(url).origin : null
  } catch {
    return null
  }
}

/** form-action also governs the redirect after a form POST (Chrome), so the redirect origins are allowed too. */
function html(status: number, title: string, content: string, record?: SetupLinkRecord): ApiResponse {
  const redirectOrigins = record
    ? [originOf(record.link.success_redirect_url), originOf(record.link.failure_redirect_url)].filter(Boolean)
    : []
  const csp = [
    "default-src 'none'",
    `style-src 'sha256-${STYLE_HASH}'`,
    `form-action 'self' ${redirectOrigins.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ')
  return {
    status,
    contentType: 'text/html; charset=utf-8',
    raw: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${content}</main></body></html>`,
    headers: {
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    },
  }
}

function formPage(ctx: SandboxContext, record: SetupLinkRecord): ApiResponse {
  const customer = ctx.store.customers.get(record.customerId)
  const link = record.link
  const base = `/whatsapp/setup/${encodeURIComponent(record.token)}`
  const types = link.allowed_connection_types
  const typeField =
    types.length > 1 && !link.reconnect_phone_number
      ? `<label for="ct">Connection type</label><select id="ct" name="connection_type">${types.map((t) => `<option>${t}</option>`).join('')}</select>`
      : ''
  const numberField = link.provision_phone_number
    ? '<p>A new US number will be provisioned for you.</p>'
    : `<label for="pn">WhatsApp phone number (optional)</label><input id="pn" name="display_phone_number" placeholder="+1 555 013 4567" value="${link.reconnect_phone_number ? `+${escapeHtml(link.reconnect_phone_number)}` : ''}">`
  return html(
    200,
    'Connect WhatsApp',
    `<h1>Connect WhatsApp for ${escapeHtml(customer?.name ?? 'your business')}</h1>
<p>Kapso sandbox: this page stands in for Meta's embedded signup. Nothing leaves this computer.</p>
<form method="post" action="${base}/complete">${numberField}${typeField}<button type="submit">Complete signup</button></form>
<form method="post" action="${base}/fail"><label for="ec">Error code</label><select id="ec" name="error_code">${SIGNUP_ERROR_CODES.map((c) => `<option>${c}</option>`).join('')}</select><button class="fail" type="submit">Fail signup</button></form>`,
    record,
  )
}

function resultPage(record: SetupLinkRecord, outcome: SignupOutcome): ApiResponse {
  const target = redirectFor(record, outcome)
  if (target) return { status: 303, headers: { Location: target, 'Cache-Control': 'no-store' } }
  if (outcome.ok) {
    return html(
      200,
      'WhatsApp connected',
      `<h1>WhatsApp connected</h1><p>Number <code>${escapeHtml(outcome.number.display_phone_number ?? '')}</code> (phone_number_id <code>${outcome.number.phone_number_id}</code>) is ready. You can close this page.</p>`,
      record,
    )
  }
  return html(
    outcome.errorCode === 'link_expired' || outcome.errorCode === 'already_used' ? 410 : 200,
    'Setup failed',
    `<h1>Setup did not finish</h1><p>Error code: <code>${outcome.errorCode}</code></p>`,
    record,
  )
}

/** Routes `/whatsapp/setup/<token>[/complete|/fail]`; null when the path is not the setup page's. */
export function handleSetupPage(
  ctx: SandboxContext,
  req: IncomingMessage,
  url: URL,
  rawBody: Buffer,
): ApiResponse | null {
  const m = /^\/whatsapp\/setup\/([^/]+)(?:\/(complete|fail))?\/?$/.exec(url.pathname)
  if (!m) return null
  const record = ctx.store.setupLinksByToken.get(decodeURIComponent(m[1]!))
  if (!record) return html(404, 'Link not found', '<h1>This setup link does not exist</h1>')
  const action = m[2]
  if (!action && req.method === 'GET') {
    const blocked = unusableReason(ctx, record)
    return blocked ? resultPage(record, { ok: false, errorCode: blocked }) : formPage(ctx, record)
  }
  if (!action || req.method !== 'POST') return html(405, 'Not allowed', '<h1>Method not allowed</h1>')
  // Forms only from this page: a cross-site POST must not complete someone's signup.
  const origin = req.headers.origin
  if (origin && origin !== 'null' && origin !== new URL(ctx.baseUrl()).origin) {
    return html(403, 'Forbidden', '<h1>Cross-site form submission refused</h1>')
  }
  const form = new URLSearchParams(rawBody.toString('utf8'))
  if (action === 'complete') {
    const outcome = completeSignup(ctx, record, {
      displayPhoneNumber: form.get('display_phone_number')?.trim() || undefined,
      connectionType: form.get('connection_type') ?? undefined,
    })
    return resultPage(record, outcome)
  }
  const code = form.get('error_code')
  const errorCode = SIGNUP_ERROR_CODES.find((c) => c === code) ?? 'facebook_auth_failed'
  return resultPage(record, fail(ctx, record, errorCode))
}
