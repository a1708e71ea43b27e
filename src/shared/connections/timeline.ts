import { z } from 'zod'

/**
 * The three ways a connection is seen (reference 4: webhook and redirect,
 * recommended together; polling the API is the safety net without a tunnel).
 */
export const connectionSources = ['webhook', 'redirect', 'api'] as const
export const ConnectionSourceSchema = z.enum(connectionSources)
export type ConnectionSource = z.infer<typeof ConnectionSourceSchema>

/** What one step of a customer's onboarding was. */
export const signalKinds = [
  'link_created',
  'shared',
  'redirect_success',
  'redirect_failure',
  /** A success redirect that Kapso's API contradicted after the checks (forged, or for another customer). */
  'redirect_contradicted',
  'setup_failed',
  'webhook',
  'connected',
  'confirmed',
] as const
export const SignalKindSchema = z.enum(signalKinds)
export type SignalKind = z.infer<typeof SignalKindSchema>

export const shareWays = ['copied', 'message_copied', 'qr_copied', 'qr_saved', 'printed'] as const
export const ShareWaySchema = z.enum(shareWays)
export type ShareWay = z.infer<typeof ShareWaySchema>

export const TimelineEntrySchema = z.object({
  kind: SignalKindSchema,
  at: z.string(),
  /** Who said so: the console itself, the webhook, the tenant's browser (redirect), or the API. */
  source: z.enum(['console', 'webhook', 'redirect', 'api']),
  setupLinkId: z.string().nullable(),
  phoneNumberId: z.string().nullable(),
  displayPhoneNumber: z.string().nullable(),
  /** One line in words (share way, failure reason, what was confirmed). */
  summary: z.string(),
  /** false: a redirect that named no link of this customer; shown, never acted on. */
  trusted: z.boolean(),
})
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>

export const RedirectCheckSchema = z.object({
  state: z.enum(['confirming', 'contradicted']),
  setupLinkId: z.string(),
  /** What the redirect claimed (null when it named no number). */
  phoneNumberId: z.string().nullable(),
  displayPhoneNumber: z.string().nullable(),
  receivedAt: z.string(),
  /** API checks made so far, and when the next one is due (null once concluded). */
  attempts: z.number().int(),
  nextCheckAt: z.string().nullable(),
  lastCheckError: z.string().nullable(),
  /** In words: what is being checked, or why the API contradicts the redirect. */
  message: z.string(),
})
export type RedirectCheck = z.infer<typeof RedirectCheckSchema>

export const ConnectionStatusSchema = z.object({
  customerId: z.string(),
  connected: z.boolean(),
  phoneNumberId: z.string().nullable(),
  displayPhoneNumber: z.string().nullable(),
  /** The first signal that marked it, then every signal that agreed. */
  firstSource: ConnectionSourceSchema.nullable(),
  sources: z.array(ConnectionSourceSchema),
  /** The signals disagree: what it means, in words; null when they agree (or nothing happened yet). */
  disagreement: z
    .object({ kind: z.enum(['no_webhook', 'redirect_contradicted', 'no_redirect']), message: z.string() })
    .nullable(),
  /**
   * The newest success redirect, until Kapso's API has had its say. A redirect
   * is only the tenant's browser (its URL can be typed by anyone who saw the
   * link id), so it never marks a connection: `confirming` is the onboarding
   * state "redirect received, confirming" while the API is asked (with
   * backoff); `contradicted` says the API did not bear it out, in words.
   * null once the API or a signed webhook confirmed it, or when none came.
   */
  redirectCheck: RedirectCheckSchema.nullable(),
  watching: z.boolean(),
  /** When the next poll is due (the watch backs off; faster while the detail is open). */
  nextCheckAt: z.string().nullable(),
  lastCheckedAt: z.string().nullable(),
  lastCheckError: z.string().nullable(),
})
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>

export const TimelineSchema = z.object({
  status: ConnectionStatusSchema,
  /** Oldest first. */
  entries: z.array(TimelineEntrySchema),
})
export type Timeline = z.infer<typeof TimelineSchema>

/** Raised once per connection, whichever signal came first. */
export const ConnectedEventSchema = z.object({
  customerId: z.string(),
  customerName: z.string(),
  phoneNumberId: z.string(),
  displayPhoneNumber: z.string().nullable(),
  source: ConnectionSourceSchema,
  at: z.string(),
})
export type ConnectedEvent = z.infer<typeof ConnectedEventSchema>
