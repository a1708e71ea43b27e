import { z } from 'zod'
import { text } from '../text'

/**
 * valid: the HMAC matches a secret of the active listen session.
 * invalid: signed, but no secret of the session matches (tampered, or another sender).
 * unsigned: no `X-Webhook-Signature` header at all.
 * unverifiable: signed while no listen session (so no secret) was active.
 */
export const SignatureStateSchema = z.enum(['valid', 'invalid', 'unsigned', 'unverifiable'])
export type SignatureState = z.infer<typeof SignatureStateSchema>

/** One row of the viewer: an event (a batched delivery shows as one row per item). */
export const WebhookEventSummarySchema = z.object({
  id: z.number().int(),
  deliveryId: z.string(),
  receivedAt: z.string(),
  eventType: z.string().nullable(),
  phoneNumberId: z.string().nullable(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  signature: SignatureStateSchema,
  duplicate: z.boolean(),
  /** Bytes of this event's body (the item, for a batch). */
  size: z.number().int().nonnegative(),
  /** Position in a batched delivery (0-based) and the batch's size; null when not batched. */
  batchIndex: z.number().int().nullable(),
  batchSize: z.number().int().nullable(),
  /** false when the body is not JSON; the viewer then shows it raw. */
  json: z.boolean(),
  /** Came from an NDJSON import, not from Kapso: shown read-only, never forwarded. */
  imported: z.boolean(),
})
export type WebhookEventSummary = z.infer<typeof WebhookEventSummarySchema>

export const WebhookEventDetailSchema = WebhookEventSummarySchema.extend({
  method: z.string(),
  path: z.string(),
  source: z.string(),
  /** Header pairs as received, in order and with their original case. */
  headers: z.array(z.tuple([z.string(), z.string()])),
  /** The whole delivery body as received; base64 when it is not valid UTF-8. */
  rawBody: z.string(),
  rawBodyEncoding: z.enum(['utf8', 'base64']),
  /** This event's own JSON text (the item of a batch, or the body), null when not JSON. */
  itemJson: z.string().nullable(),
  idempotencyKey: z.string().nullable(),
  /** Where a copy-as-curl replay goes: the receiver's loopback URL for this path. */
  replayUrl: z.string(),
})
export type WebhookEventDetail = z.infer<typeof WebhookEventDetailSchema>

export const EventFilterSchema = z
  .object({
    eventTypes: z
      .array(text({ max: 200 }))
      .max(50)
      .optional(),
    phoneNumberId: text({ max: 100 }).optional(),
    /** Matches a customer id exactly or a known customer name in part. */
    customer: text({ max: 200 }).optional(),
    signature: z.array(SignatureStateSchema).max(4).optional(),
    /** ISO date-times, inclusive. */
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    /** Words searched for in bodies (full text, prefix match on each word). */
    text: text({ max: 500 }).optional(),
  })
  .strict()
export type EventFilter = z.infer<typeof EventFilterSchema>

export const ListEventsInputSchema = z
  .object({
    filter: EventFilterSchema.optional(),
    /** Keyset paging: events older than this id (scrolling back) … */
    beforeId: z.number().int().optional(),
    /** … or newer than this id (catching up with live arrivals). */
    afterId: z.number().int().optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict()
export type ListEventsInput = z.infer<typeof ListEventsInputSchema>

export const EventPageSchema = z.object({
  /** Oldest first. */
  events: z.array(WebhookEventSummarySchema),
  /** More older events match than were returned. */
  hasOlder: z.boolean(),
  /** All events that match the filter, for the counter. */
  total: z.number().int().nonnegative(),
})
export type EventPage = z.infer<typeof EventPageSchema>

export const FacetsSchema = z.object({
  eventTypes: z.array(z.string()),
  phoneNumberIds: z.array(z.string()),
  customers: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
  total: z.number().int().nonnegative(),
})
export type Facets = z.infer<typeof FacetsSchema>
