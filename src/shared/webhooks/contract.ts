import { z } from 'zod'
import { call, NoInput } from '../ipc/define'
import { idText, text } from '../text'
import {
  EventPageSchema,
  FacetsSchema,
  ListEventsInputSchema,
  WebhookEventDetailSchema,
  WebhookEventSummarySchema,
} from './event'
import {
  ChooseCloudflaredInputSchema,
  ChooseCloudflaredResultSchema,
  ListenStatusSchema,
  StartListeningInputSchema,
  WebhookSettingsPatchSchema,
  WebhookSettingsSchema,
  WebhookStorageSchema,
} from './session'

export const webhookCalls = {
  'webhooks.listEvents': call(ListEventsInputSchema, EventPageSchema),
  'webhooks.getEvent': call(z.object({ id: z.number().int() }).strict(), WebhookEventDetailSchema),
  'webhooks.facets': call(NoInput, FacetsSchema),
  'webhooks.clear': call(NoInput, z.object({ removed: z.number().int().nonnegative() })),
  'webhooks.getSettings': call(NoInput, WebhookSettingsSchema),
  'webhooks.updateSettings': call(WebhookSettingsPatchSchema, WebhookSettingsSchema),
  /** Sets the cloudflared program main runs: main's file dialog, or (web preview) a typed path main checks. */
  'webhooks.chooseCloudflared': call(ChooseCloudflaredInputSchema, ChooseCloudflaredResultSchema),
  /** Bytes and events stored now, with the byte budget and the unverified quota. */
  'webhooks.storageUsage': call(NoInput, WebhookStorageSchema),
  /** The ngrok authtoken goes to the OS keychain; the renderer only ever learns whether one is set. */
  'webhooks.setNgrokAuthtoken': call(
    z.object({ authtoken: text({ max: 200, trim: true }) }).strict(),
    z.object({ configured: z.boolean() }),
  ),
  'webhooks.getNgrokAuthtokenStatus': call(NoInput, z.object({ configured: z.boolean() })),
  'webhooks.getStatus': call(NoInput, ListenStatusSchema),
  'webhooks.startListening': call(StartListeningInputSchema, ListenStatusSchema),
  'webhooks.stopListening': call(NoInput, ListenStatusSchema),
  'webhooks.sendTest': call(
    z.object({ eventType: text({ max: 100 }).optional() }).strict(),
    ListenStatusSchema,
  ),
  'webhooks.findLeftovers': call(NoInput, ListenStatusSchema),
  'webhooks.removeLeftovers': call(
    z.object({ ids: z.array(idText(100)).max(200) }).strict(),
    ListenStatusSchema,
  ),
}

export const webhookEvents = {
  /** New events as they are stored (many per message during a burst). */
  'webhooks.received': WebhookEventSummarySchema,
  /** The listen session changed (receiver, tunnel, registration, test). */
  'webhooks.status': ListenStatusSchema,
  /** Stored events were removed (clear or retention), so loaded lists must reload. */
  'webhooks.pruned': z.object({ reason: z.enum(['clear', 'retention', 'project', 'import']) }),
}
