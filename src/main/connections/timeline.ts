import type {
  ConnectionSource,
  ConnectionStatus,
  RedirectCheck,
  Timeline,
  TimelineEntry,
} from '../../shared/connections/timeline'
import { setupErrorText } from '../../shared/setupLinks/messages'
import { LinkStore } from '../setupLinks/linkStore'
import type { Database } from '../store/database'
import { type SignalRow, SignalStore } from './signalStore'

/** A signal the others have not confirmed after this long is called out. */
export const DISAGREEMENT_AFTER_MS = 60_000

const shareWords: Record<string, string> = {
  copied: 'Link copied',
  message_copied: 'Message with the link copied',
  qr_copied: 'QR code copied',
  qr_saved: 'QR code saved',
  printed: 'Printed (sheet or PDF)',
}

const sourceWords: Record<ConnectionSource, string> = {
  webhook: 'the project webhook',
  redirect: "the tenant's browser (redirect)",
  api: "Kapso's API",
}

function summary(row: SignalRow): string {
  const detail = JSON.parse(row.detail) as Record<string, unknown>
  const number = row.display_phone_number ?? row.phone_number_id
  switch (row.kind) {
    case 'link_created':
      return 'Setup link created'
    case 'shared':
      return shareWords[String(detail.way)] ?? 'Shared'
    case 'redirect_success': {
      const bad = problems(detail)
      return `Tenant redirected back: success${number ? ` (${number})` : ''}${bad ? ` — ${bad}` : ''}`
    }
    case 'redirect_failure': {
      const code = typeof detail.errorCode === 'string' ? detail.errorCode : null
      const bad = problems(detail)
      return `Tenant redirected back: failed — ${code ? (setupErrorText(code) ?? code) : 'no valid error code'}${bad ? ` (${bad})` : ''}`
    }
    case 'redirect_contradicted':
      return typeof detail.reason === 'string'
        ? detail.reason
        : "Kapso's API contradicts the tenant's redirect; nothing was changed."
    case 'setup_failed':
      return `Kapso reports the setup failed — ${setupErrorText(String(detail.error)) ?? String(detail.error)}`
    case 'webhook':
      return `whatsapp.phone_number.created received${number ? ` (${number})` : ''}`
    case 'connected':
      // Through the API: the watch's polling, or the check a redirect asked for; a confirmation is a single lookup.
      return `Number connected${number ? `: ${number}` : ''} — first seen by ${row.source === 'api' ? (detail.via === 'redirect_check' ? "Kapso's API (checking the tenant's redirect)" : "Kapso's API (polling)") : sourceWords[row.source as ConnectionSource]}`
    case 'confirmed':
      return `Confirmed by ${sourceWords[row.source as ConnectionSource]}`
  }
}

/** Missing or malformed redirect parameters, in words ("missing phone_number_id; invalid status"). */
function problems(detail: Record<string, unknown>): string {
  const missing = Array.isArray(detail.missing) ? (detail.missing as string[]) : []
  const params = Array.isArray(detail.params)
    ? (detail.params as Array<{ name: string; valid: boolean }>)
    : []
  const invalid = params.filter((p) => !p.valid).map((p) => p.name)
  return [
    missing.length ? `missing ${missing.join(', ')}` : '',
    invalid.length ? `not in the documented form: ${invalid.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ')
}

/** Everything the console knows of one customer's onboarding, oldest first, with the signals' verdict. */
export function buildTimeline(db: Database, customerId: string, nowMs: number): Timeline {
  const signals = new SignalStore(db)
  const rows = signals.forCustomer(customerId)
  const entries: TimelineEntry[] = []
  const createdHere = new Set(rows.filter((r) => r.kind === 'link_created').map((r) => r.setup_link_id))
  // Links made elsewhere (dashboard, another console) still start the story, as the API reported them.
  for (const link of new LinkStore(db).forCustomer(customerId)) {
    if (createdHere.has(link.id)) continue
    entries.push({
      kind: 'link_created',
      at: link.created_at,
      source: 'api',
      setupLinkId: link.id,
      phoneNumberId: null,
      displayPhoneNumber: null,
      summary: 'Setup link created (outside this console)',
      trusted: true,
    })
  }
  for (const row of rows) {
    entries.push({
      kind: row.kind,
      at: row.at,
      source: row.source,
      setupLinkId: row.setup_link_id,
      phoneNumberId: row.phone_number_id,
      displayPhoneNumber: row.display_phone_number,
      summary: summary(row),
      trusted: row.trusted === 1,
    })
  }
  entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
  return { status: verdict(db, customerId, rows, nowMs), entries }
}

/**
 * The newest success redirect while it waits for the API, or when the API
 * contradicted it (until a later connection supersedes it); null once borne out.
 */
function redirectCheck(
  db: Database,
  customerId: string,
  connected: SignalRow | undefined,
): RedirectCheck | null {
  const check = new SignalStore(db).latestRedirectCheck(customerId)
  if (!check || check.state === 'confirmed') return null
  if (check.state === 'contradicted' && connected && connected.at > (check.resolved_at ?? '')) return null
  const number = check.display_phone_number ?? check.phone_number_id
  return {
    state: check.state,
    setupLinkId: check.setup_link_id,
    phoneNumberId: check.phone_number_id,
    displayPhoneNumber: check.display_phone_number,
    receivedAt: check.received_at,
    attempts: check.attempts,
    nextCheckAt: check.next_at,
    lastCheckError: check.last_error,
    message:
      check.state === 'confirming'
        ? `Redirect received${number ? ` (${number})` : ''}, confirming with Kapso's API — a redirect alone does not mark the customer connected.`
        : (check.reason ?? "Kapso's API contradicts the redirect; nothing was changed."),
  }
}

function verdict(db: Database, customerId: string, rows: SignalRow[], nowMs: number): ConnectionStatus {
  const watch = new SignalStore(db).watchFor(customerId)
  const connected = [...rows].reverse().find((r) => r.kind === 'connected')
  const check = redirectCheck(db, customerId, connected)
  const contradicted: ConnectionStatus['disagreement'] =
    check?.state === 'contradicted' ? { kind: 'redirect_contradicted', message: check.message } : null
  const base: ConnectionStatus = {
    customerId,
    connected: false,
    phoneNumberId: null,
    displayPhoneNumber: null,
    firstSource: null,
    sources: [],
    disagreement: null,
    watching: watch !== undefined,
    nextCheckAt: watch?.next_at ?? null,
    lastCheckedAt: watch?.last_checked_at ?? null,
    lastCheckError: watch?.last_error ?? null,
    redirectCheck: check,
  }
  if (!connected) return { ...base, disagreement: contradicted }
  const sameNumber = rows.filter(
    (r) =>
      (r.kind === 'connected' || r.kind === 'confirmed') && r.phone_number_id === connected.phone_number_id,
  )
  const sources = [...new Set(sameNumber.map((r) => r.source as ConnectionSource))]
  const first = connected.source as ConnectionSource
  // Kapso's own formatting wins once the API has confirmed the number.
  const latest =
    sameNumber.find((r) => r.source === 'api' && r.display_phone_number)?.display_phone_number ??
    connected.display_phone_number
  const age = nowMs - Date.parse(connected.at)
  const detail = JSON.parse(connected.detail) as { listening?: boolean }
  let disagreement: ConnectionStatus['disagreement'] = null
  const redirectCaught =
    connected.setup_link_id !== null && new SignalStore(db).redirects(connected.setup_link_id) !== undefined
  const redirected = rows.some(
    (r) => r.kind === 'redirect_success' && r.setup_link_id === connected.setup_link_id && r.trusted === 1,
  )
  if (
    sources.includes('api') &&
    !sources.includes('webhook') &&
    detail.listening &&
    age >= DISAGREEMENT_AFTER_MS
  ) {
    disagreement = {
      kind: 'no_webhook',
      message:
        'Connected according to the API, but no webhook arrived although a listen session was running: the project webhook may be broken.',
    }
  } else if (contradicted) {
    // A forged redirect after the connection (another customer's number, say) is still worth saying.
    disagreement = contradicted
  } else if (redirectCaught && !redirected && age >= DISAGREEMENT_AFTER_MS) {
    disagreement = {
      kind: 'no_redirect',
      message:
        "Kapso reports the number, but the tenant's browser never reached the console's redirect page (tab closed, or the tunnel changed).",
    }
  }
  return {
    ...base,
    connected: true,
    phoneNumberId: connected.phone_number_id,
    displayPhoneNumber: latest,
    firstSource: first,
    sources,
    disagreement,
  }
}
