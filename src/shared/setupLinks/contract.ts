import { z } from 'zod'
import { call, NoInput } from '../ipc/define'
import { idText, text } from '../text'
import {
  BulkJobSchema,
  BulkProgressSchema,
  LinkContextSchema,
  LinksChangedSchema,
  PageFileSchema,
  PresetSchema,
  QrImageSchema,
  QueuedCreatedSchema,
  QueuedLinkSchema,
  SetupLinkViewSchema,
} from './link'
import { SetupLinkOptionsSchema } from './options'

const id = idText()
const LinkRef = z.object({ linkId: id }).strict()
const PresetName = text({
  min: 1,
  max: 80,
  trim: true,
  tooShort: 'Give the preset a name.',
  tooLong: 'Keep the name under 80 characters.',
})

/** Where a produced file or image went: the host did it, the person cancelled, or (web preview) the page must. */
const Delivered = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('done'), path: z.string().nullable() }),
  z.object({ outcome: z.literal('cancelled') }),
  z.object({ outcome: z.literal('page'), file: PageFileSchema }),
])

export const setupLinkCalls = {
  /** The customer, its numbers (for reconnect), its links (cache, refreshed from Kapso when reachable). */
  'setupLinks.context': call(z.object({ customerId: id }).strict(), LinkContextSchema),
  /**
   * Creates a link. If the customer has an active one, `confirmRevoke` must be
   * true (creating revokes it); otherwise `conflict`. Offline → queued.
   */
  'setupLinks.create': call(
    z
      .object({
        customerId: id,
        options: SetupLinkOptionsSchema,
        confirmRevoke: z.boolean().default(false),
        /**
         * Point the redirects at the running listen session's receiver, which
         * records them and sends the tenant on to the URLs in `options`.
         */
        catchRedirects: z.boolean().default(false),
      })
      .strict(),
    z.discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('created'), link: SetupLinkViewSchema }),
      z.object({ outcome: z.literal('queued'), queued: QueuedLinkSchema }),
    ]),
  ),
  /** Newest first across customers, from the cache (works offline), plus creates waiting to be sent. */
  'setupLinks.recent': call(
    z
      .object({
        limit: z.number().int().min(1).max(500).default(50),
        search: text({ max: 200 }).default(''),
      })
      .strict(),
    z.object({ links: z.array(SetupLinkViewSchema), queued: z.array(QueuedLinkSchema) }),
  ),
  'setupLinks.get': call(LinkRef, SetupLinkViewSchema),
  'setupLinks.revoke': call(LinkRef, SetupLinkViewSchema),
  /** Extends or shortens the expiry (PATCH expires_at); must be in the future. */
  'setupLinks.setExpiry': call(
    LinkRef.extend({
      expiresAt: z.iso.datetime({ offset: true, message: 'Pick a date and time.' }),
    }).strict(),
    SetupLinkViewSchema,
  ),
  /** The QR code of a known link, rendered locally (no network), PNG and SVG. */
  'setupLinks.qr': call(LinkRef, QrImageSchema),
  /** Puts the QR PNG on the system clipboard (Electron); the web preview returns it for the page to copy. */
  'setupLinks.copyImage': call(
    LinkRef,
    z.discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('done') }),
      z.object({ outcome: z.literal('page'), file: PageFileSchema }),
    ]),
  ),
  'setupLinks.saveImage': call(LinkRef.extend({ format: z.enum(['png', 'svg']) }).strict(), Delivered),
  /** One page per link: the system print dialog, or a PDF saved where the person chooses. */
  'setupLinks.print': call(
    z.object({ linkIds: z.array(id).min(1).max(500), as: z.enum(['print', 'pdf']) }).strict(),
    Delivered,
  ),
  'setupLinks.presets': call(NoInput, z.array(PresetSchema)),
  /** Saves the options under a name (replacing a preset of the same name). */
  'setupLinks.savePreset': call(
    z
      .object({ name: PresetName, options: SetupLinkOptionsSchema, makeDefault: z.boolean().default(false) })
      .strict(),
    z.array(PresetSchema),
  ),
  'setupLinks.deletePreset': call(z.object({ id: z.number().int() }).strict(), z.array(PresetSchema)),
  /** null clears the default. */
  'setupLinks.setDefaultPreset': call(
    z.object({ id: z.number().int().nullable() }).strict(),
    z.array(PresetSchema),
  ),
  /** Starts generating one link per customer with one preset (null: the defaults); progress comes as `setupLinks.bulkProgress`. */
  'setupLinks.bulkStart': call(
    z.object({ customerIds: z.array(id).min(1).max(5000), presetId: z.number().int().nullable() }).strict(),
    BulkJobSchema,
  ),
  'setupLinks.bulkResult': call(z.object({ jobId: id }).strict(), BulkJobSchema),
  'setupLinks.bulkCancel': call(z.object({ jobId: id }).strict(), BulkJobSchema),
  /** customer name, external id, link URL, expires at: one row per created link. */
  'setupLinks.bulkCsv': call(z.object({ jobId: id }).strict(), Delivered),
  'setupLinks.discardQueued': call(z.object({ seq: z.number().int() }).strict(), z.array(QueuedLinkSchema)),
}

export const setupLinkEvents = {
  'setupLinks.changed': LinksChangedSchema,
  'setupLinks.bulkProgress': BulkProgressSchema,
  /** A create queued offline reached Kapso (or was refused): the URL is there now. */
  'setupLinks.queuedCreated': QueuedCreatedSchema,
}
