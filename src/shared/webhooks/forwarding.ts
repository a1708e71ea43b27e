import { z } from 'zod'
import { idText, text } from '../text'

/** Only http(s): a forward target is a local or test server, never file:, data: or another scheme. */
export const ForwardUrlSchema = text({ max: 500, trim: true }).refine((value) => {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}, 'Only http:// or https:// URLs can be forward targets, e.g. http://localhost:3000/webhooks.')

/**
 * A route is a path on the target's origin: `//host/x` (scheme-relative), `/\host` (WHATWG URL
 * reads `\` as `/`) and anything else that would resolve to another origin is refused.
 */
export function routeStaysOnOrigin(path: string): boolean {
  if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\')) return false
  if (/\s/.test(path) || [...path].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    return false
  try {
    return new URL(path, 'http://origin.invalid').origin === 'http://origin.invalid'
  } catch {
    return false
  }
}

export const ForwardRouteSchema = z
  .object({
    eventType: text({ min: 1, max: 200, trim: true }),
    /** A path on the target's origin, e.g. /hooks/numbers. */
    path: text({ max: 300, trim: true })
      .regex(/^\/[^\s]*$/, 'A route path starts with "/" and has no spaces, e.g. /hooks/messages.')
      .refine(
        routeStaysOnOrigin,
        'A route path stays on the target (no "//" or "\\" at the start), e.g. /hooks/messages.',
      ),
  })
  .strict()

/** A host the person confirmed forwards may go to (its name or address, as in the target URL, lower-case). */
export const AllowedHostSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9._:-]+$/, 'A host name or address, without scheme, port or brackets, e.g. 192.168.1.20.')
export type ForwardRoute = z.infer<typeof ForwardRouteSchema>

/**
 * original: the body and headers exactly as Kapso sent them (its signature included).
 * resign: the same body, X-Webhook-Signature recomputed with a saved secret.
 */
export const ForwardSigningSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('original') }).strict(),
  z.object({ mode: z.literal('resign'), secretId: idText(100) }).strict(),
])
export type ForwardSigning = z.infer<typeof ForwardSigningSchema>

export const ForwardSettingsSchema = z
  .object({
    enabled: z.boolean(),
    /** Events with no route go here (like `stripe listen --forward-to`). */
    target: ForwardUrlSchema.or(z.literal('')),
    routes: z.array(ForwardRouteSchema).max(50),
    signing: ForwardSigningSchema,
    /**
     * Hosts besides this computer that forwards, replays and triggers may reach, each one
     * confirmed by the person. Link-local and cloud metadata addresses are refused even here.
     */
    allowedHosts: z.array(AllowedHostSchema).max(20).default([]),
  })
  .strict()
export type ForwardSettings = z.infer<typeof ForwardSettingsSchema>

export const ForwardKindSchema = z.enum(['forward', 'replay', 'trigger'])

/** One HTTP attempt to a forward target, kept whatever happened. */
export const ForwardAttemptSchema = z.object({
  id: z.number().int(),
  kind: ForwardKindSchema,
  eventId: z.number().int().nullable(),
  deliveryId: z.string().nullable(),
  eventType: z.string().nullable(),
  url: z.string(),
  signing: z.enum(['original', 'resigned', 'unsigned']),
  state: z.enum(['pending', 'ok', 'failed']),
  startedAt: z.string(),
  durationMs: z.number().int().nullable(),
  responseStatus: z.number().int().nullable(),
  /** The target's answer, cut at 64 KiB. */
  responseBody: z.string().nullable(),
  /** Why no answer came (refused, timed out …), in words. */
  error: z.string().nullable(),
  /** Whether the body sent differs from the stored event (an edited replay or a trigger). */
  edited: z.boolean(),
  retryOf: z.number().int().nullable(),
  retriedBy: z.number().int().nullable(),
})
export type ForwardAttempt = z.infer<typeof ForwardAttemptSchema>

export const ReplayInputSchema = z
  .object({
    eventId: z.number().int(),
    /** The body to send instead of the stored one (an edited replay). */
    body: text({ max: 1024 * 1024, multiline: true }).optional(),
    /** Where to send; the route for the event's type by default. */
    url: ForwardUrlSchema.optional(),
    /** Re-sign with a saved secret (needed for an edited body to verify). */
    resignWith: idText(100).optional(),
  })
  .strict()
export type ReplayInput = z.infer<typeof ReplayInputSchema>
