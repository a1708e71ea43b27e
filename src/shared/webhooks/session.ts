import { z } from 'zod'
import { idText, text } from '../text'

export const projectEvents = [
  'whatsapp.phone_number.created',
  'whatsapp.phone_number.deleted',
  'workflow.execution.handoff',
  'workflow.execution.failed',
  'project.event',
] as const

export const numberEvents = [
  'whatsapp.message.received',
  'whatsapp.message.sent',
  'whatsapp.message.delivered',
  'whatsapp.message.read',
  'whatsapp.message.failed',
  'whatsapp.conversation.created',
  'whatsapp.conversation.ended',
  'whatsapp.conversation.inactive',
] as const

export const TunnelKindSchema = z.enum(['direct', 'cloudflared', 'ngrok', 'public-url'])
export type TunnelKind = z.infer<typeof TunnelKindSchema>

export const TunnelSettingsSchema = z
  .object({
    kind: TunnelKindSchema,
    /**
     * cloudflared: the executable chosen with `webhooks.chooseCloudflared` (a file dialog in the app,
     * a checked typed path in the web preview); empty = look on PATH. Never set by `updateSettings`.
     */
    cloudflaredPath: text({ max: 1000 }).optional(),
    /** public-url: the https URL the person's own tunnel or proxy forwards to the receiver. */
    publicUrl: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .optional(),
  })
  .strict()
export type TunnelSettings = z.infer<typeof TunnelSettingsSchema>

export const WebhookSettingsSchema = z
  .object({
    /** Receiver port on 127.0.0.1; 0 picks a free one. */
    port: z.number().int().min(0).max(65535),
    tunnel: TunnelSettingsSchema,
    /** Events kept per project; the oldest go first. */
    retention: z.number().int().min(100).max(1_000_000),
    /** Bytes the project's event log may take (bodies and headers); the oldest deliveries go first. */
    retentionBytes: z
      .number()
      .int()
      .min(16 * 1024 * 1024)
      .max(256 * 1024 ** 3),
  })
  .strict()
export type WebhookSettings = z.infer<typeof WebhookSettingsSchema>

/**
 * What the page may change with `webhooks.updateSettings`: everything but the cloudflared path,
 * which main runs as a program, so only main's own file dialog (or its cloudflared check) sets it.
 */
export const WebhookSettingsPatchSchema = z
  .object({
    port: WebhookSettingsSchema.shape.port,
    tunnel: TunnelSettingsSchema.extend({
      cloudflaredPath: z
        .never({
          error:
            'The cloudflared path cannot be set here: choose the program with "Choose cloudflared…" (webhooks.chooseCloudflared).',
        })
        .optional(),
    }).strict(),
    retention: WebhookSettingsSchema.shape.retention,
    retentionBytes: WebhookSettingsSchema.shape.retentionBytes,
  })
  .partial()
  .strict()
export type WebhookSettingsPatch = z.infer<typeof WebhookSettingsPatchSchema>

/**
 * How the cloudflared program is chosen: in main's file dialog (the app), by a typed path that main
 * checks answers `--version` like cloudflared (the web preview, which has no dialog), or back to PATH.
 */
export const ChooseCloudflaredInputSchema = z.discriminatedUnion('from', [
  z.object({ from: z.literal('dialog') }).strict(),
  z.object({ from: z.literal('typed'), path: z.string().trim().min(1).max(1000) }).strict(),
  z.object({ from: z.literal('path') }).strict(),
])
export type ChooseCloudflaredInput = z.infer<typeof ChooseCloudflaredInputSchema>

export const ChooseCloudflaredResultSchema = z.object({
  outcome: z.enum(['chosen', 'cancelled', 'cleared']),
  /** What the chosen program printed for `--version` ("cloudflared version 2025.1.0 …"); null otherwise. */
  version: z.string().nullable(),
  settings: WebhookSettingsSchema,
})
export type ChooseCloudflaredResult = z.infer<typeof ChooseCloudflaredResultSchema>

/** What the event log takes on disk now, against its limits (Settings shows it next to them). */
export const WebhookStorageSchema = z.object({
  bytes: z.number().int().nonnegative(),
  deliveries: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  budgetBytes: z.number().int().nonnegative(),
  retention: z.number().int().nonnegative(),
  /** Unsigned or wrongly signed deliveries are kept for diagnosis, within their own small quota. */
  unverifiedBytes: z.number().int().nonnegative(),
  unverifiedQuotaBytes: z.number().int().nonnegative(),
})
export type WebhookStorage = z.infer<typeof WebhookStorageSchema>

export const StartListeningInputSchema = z
  .object({
    events: z.array(z.enum(projectEvents)).max(projectEvents.length).optional(),
    /** Phone numbers that also get a number-scoped webhook for these events. */
    phoneNumberIds: z.array(idText(64)).max(50).optional(),
    numberEvents: z.array(z.enum(numberEvents)).max(numberEvents.length).optional(),
  })
  .strict()
export type StartListeningInput = z.infer<typeof StartListeningInputSchema>

export const HealthStateSchema = z.enum(['off', 'starting', 'up', 'error'])

export const LeftoverWebhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  phoneNumberId: z.string().nullable(),
  events: z.array(z.string()),
  createdAt: z.string().nullable(),
})
export type LeftoverWebhook = z.infer<typeof LeftoverWebhookSchema>

export const ListenStatusSchema = z.object({
  state: z.enum(['idle', 'starting', 'listening', 'stopping', 'error']),
  receiver: z.object({
    state: HealthStateSchema,
    port: z.number().int().nullable(),
    /** Requests refused (too large, too slow, truncated, malformed) since start. */
    refused: z.number().int().nonnegative(),
  }),
  tunnel: z.object({
    kind: TunnelKindSchema,
    state: HealthStateSchema,
    publicUrl: z.string().nullable(),
    message: z.string().nullable(),
  }),
  /** The URL registered in Kapso (tunnel URL + this session's path). */
  webhookUrl: z.string().nullable(),
  registered: z.array(
    z.object({ id: z.string(), phoneNumberId: z.string().nullable(), events: z.array(z.string()) }),
  ),
  lastEventAt: z.string().nullable(),
  lastTest: z.object({ at: z.string(), ok: z.boolean(), message: z.string() }).nullable(),
  /** The tunnel came back at this new URL while Kapso still sends to `webhookUrl`; null otherwise. */
  pendingWebhookUrl: z.string().nullable(),
  /** Webhooks an earlier session of this install left behind (e.g. after a crash). */
  leftovers: z.array(LeftoverWebhookSchema),
  error: z.string().nullable(),
})
export type ListenStatus = z.infer<typeof ListenStatusSchema>
