import { z } from 'zod'
import { UnreadableRecordSchema } from '../kapso/unreadable'
import { SetupLinkOptionsSchema } from './options'

/** What the renderer sees of a setup link: the API's fields plus who it is for and what the clock says. */
export const linkStatuses = ['active', 'used', 'expired', 'revoked'] as const
export type LinkStatus = (typeof linkStatuses)[number]

export const SetupLinkViewSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  externalCustomerId: z.string().nullable(),
  /** As Kapso last said it. */
  status: z.string(),
  /** `expired` when Kapso still says active but `expires_at` has passed on this computer's clock. */
  effectiveStatus: z.string(),
  url: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  /** null = the customer's browser decides. */
  language: z.string().nullable(),
  setupStatus: z.string().nullable(),
  setupError: z.string().nullable(),
  metaBillingMode: z.string().nullable(),
  reconnectPhoneNumber: z.string().nullable(),
  allowedConnectionTypes: z.array(z.string()),
  provisionPhoneNumber: z.boolean().nullable(),
  provisionedNumber: z.string().nullable(),
  /** When this copy was fetched from Kapso. */
  fetchedAt: z.string(),
})
export type SetupLinkView = z.infer<typeof SetupLinkViewSchema>

/** A create made while Kapso was unreachable, waiting to be sent. */
export const QueuedLinkSchema = z.object({
  seq: z.number().int(),
  customerId: z.string(),
  customerName: z.string(),
  createdAt: z.string(),
  state: z.enum(['pending', 'rejected']),
  error: z.string().nullable(),
})
export type QueuedLink = z.infer<typeof QueuedLinkSchema>

export const PhoneChoiceSchema = z.object({
  phoneNumberId: z.string(),
  display: z.string(),
  digits: z.string(),
  connectionType: z.enum(['coexistence', 'dedicated']).nullable(),
})

/** Everything the form needs about one customer. */
export const LinkContextSchema = z.object({
  customer: z.object({ id: z.string(), name: z.string(), externalCustomerId: z.string().nullable() }),
  numbers: z.array(PhoneChoiceSchema),
  links: z.array(SetupLinkViewSchema),
  /** Links Kapso listed that the console could not read (shown as "Unreadable record" rows). */
  unreadable: z.array(UnreadableRecordSchema),
  queued: z.array(QueuedLinkSchema),
  /** False when Kapso could not be reached: what is shown is the cache. */
  online: z.boolean(),
})
export type LinkContext = z.infer<typeof LinkContextSchema>

export const PresetSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  options: SetupLinkOptionsSchema,
  isDefault: z.boolean(),
  updatedAt: z.string(),
})
export type Preset = z.infer<typeof PresetSchema>

export const QrImageSchema = z.object({
  /** data:image/png;base64,… */
  png: z.string(),
  svg: z.string(),
  /** The exact text encoded, for anyone checking. */
  text: z.string(),
})
export type QrImage = z.infer<typeof QrImageSchema>

/** Byte payloads the web preview hands to the page, which has no system clipboard or file dialog. */
export const PageFileSchema = z.object({ filename: z.string(), mime: z.string(), dataUrl: z.string() })

export const BulkItemSchema = z.object({
  customerId: z.string(),
  customerName: z.string(),
  externalCustomerId: z.string().nullable(),
  state: z.enum(['waiting', 'created', 'failed']),
  url: z.string().nullable(),
  expiresAt: z.string().nullable(),
  error: z.string().nullable(),
})
export type BulkItem = z.infer<typeof BulkItemSchema>

export const BulkJobSchema = z.object({
  jobId: z.string(),
  presetName: z.string(),
  total: z.number().int(),
  done: z.number().int(),
  created: z.number().int(),
  failed: z.number().int(),
  finished: z.boolean(),
  cancelled: z.boolean(),
  items: z.array(BulkItemSchema),
})
export type BulkJob = z.infer<typeof BulkJobSchema>

/** Progress events carry counts only; the items come with `setupLinks.bulkResult`. */
export const BulkProgressSchema = BulkJobSchema.omit({ items: true }).extend({
  /** Failures so far, so the list of failures grows live. */
  failures: z.array(BulkItemSchema),
})
export type BulkProgress = z.infer<typeof BulkProgressSchema>

export const LinksChangedSchema = z.object({
  reason: z.enum(['created', 'updated', 'fetched', 'queued', 'project']),
  customerIds: z.array(z.string()),
})

/** A queued create went through: the notice says the URL is there now. */
export const QueuedCreatedSchema = z.object({
  customerId: z.string(),
  customerName: z.string(),
  link: SetupLinkViewSchema.nullable(),
  error: z.string().nullable(),
})
export type QueuedCreated = z.infer<typeof QueuedCreatedSchema>

/** Pure: a link's status as of `nowMs`, expiry included. */
export function effectiveStatus(status: string, expiresAt: string | null, nowMs: number): string {
  if (status === 'active' && expiresAt !== null && Date.parse(expiresAt) <= nowMs) return 'expired'
  return status
}

export const isDead = (status: string) => status === 'expired' || status === 'revoked'
