import { z } from 'zod'
import { call, NoInput } from '../ipc/define'
import { idText, text } from '../text'
import { ExportFileSchema, ExportInputSchema, ImportInputSchema, ImportResultSchema } from './archive'
import { DeliveryRecordFilterSchema, DeliveryRecordPageSchema } from './deliveryRecords'
import { ForwardAttemptSchema, ForwardSettingsSchema, ReplayInputSchema } from './forwarding'
import { LabReportSchema, SavedSecretSchema, SaveSecretInputSchema } from './lab'
import { ListenStatusSchema } from './session'
import { TriggerInputSchema } from './trigger'
import { SavedViewSchema, SaveViewInputSchema } from './views'
import { WatchStatusSchema } from './watch'

const EventId = z.object({ eventId: z.number().int() }).strict()

/**
 * The webhook power tools. Secrets go in (to the keychain) and never come out:
 * the renderer sees labels, verdicts and HMACs of stored bodies only.
 */
export const webhookToolCalls = {
  'webhooks.lab.inspect': call(EventId, LabReportSchema),
  'webhooks.lab.listSecrets': call(NoInput, z.array(SavedSecretSchema)),
  'webhooks.lab.saveSecret': call(SaveSecretInputSchema, SavedSecretSchema),
  'webhooks.lab.removeSecret': call(z.object({ id: idText(100) }).strict(), z.array(SavedSecretSchema)),
  'webhooks.forwarding.getSettings': call(NoInput, ForwardSettingsSchema),
  'webhooks.forwarding.updateSettings': call(ForwardSettingsSchema, ForwardSettingsSchema),
  'webhooks.forwarding.forEvent': call(EventId, z.array(ForwardAttemptSchema)),
  'webhooks.forwarding.recent': call(
    NoInput,
    z.object({ attempts: z.array(ForwardAttemptSchema), failedUnretried: z.number().int() }),
  ),
  'webhooks.forwarding.retry': call(z.object({ id: z.number().int() }).strict(), ForwardAttemptSchema),
  'webhooks.forwarding.replay': call(ReplayInputSchema, ForwardAttemptSchema),
  'webhooks.trigger': call(TriggerInputSchema, ForwardAttemptSchema),
  'webhooks.watch.getStatus': call(NoInput, WatchStatusSchema),
  /** Compares Kapso's records for the last gap with local arrivals again. */
  'webhooks.watch.recheck': call(NoInput, WatchStatusSchema),
  'webhooks.watch.dismiss': call(NoInput, WatchStatusSchema),
  'webhooks.views.list': call(NoInput, z.array(SavedViewSchema)),
  'webhooks.views.save': call(SaveViewInputSchema, z.array(SavedViewSchema)),
  'webhooks.views.remove': call(
    z.object({ name: text({ max: 80, trim: true }) }).strict(),
    z.array(SavedViewSchema),
  ),
  /** NDJSON (re-importable, byte for byte) or HAR; credential headers masked. */
  'webhooks.export': call(ExportInputSchema, ExportFileSchema),
  /** NDJSON from an export; all lines or none. Imported events are read-only. */
  'webhooks.import': call(ImportInputSchema, ImportResultSchema),
  /** Opens a dead tunnel again; a new public URL is offered, not adopted. */
  'webhooks.reconnectTunnel': call(NoInput, ListenStatusSchema),
  /** Points this session's webhooks at the tunnel's new URL and sends a test event end to end. */
  'webhooks.adoptTunnelUrl': call(NoInput, ListenStatusSchema),
  'webhooks.deliveries.list': call(
    z.object({ filter: DeliveryRecordFilterSchema, after: text({ max: 500 }).optional() }).strict(),
    DeliveryRecordPageSchema,
  ),
}

export const webhookToolEvents = {
  /** A forward, replay or trigger started or finished. */
  'webhooks.forwarded': ForwardAttemptSchema,
  /** The session went deaf, heard again, or the comparison of a gap finished. */
  'webhooks.watch': WatchStatusSchema,
}
