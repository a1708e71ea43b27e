import { z } from 'zod'
import { text } from '../text'
import { EventFilterSchema, SignatureStateSchema } from './event'

/** One line of an NDJSON export: a delivery exactly as received (body as text, or base64 when not UTF-8). */
export const ARCHIVE_FORMAT = 'kapso-console/webhook-delivery@1'

export const ArchivedDeliverySchema = z
  .object({
    format: z.literal(ARCHIVE_FORMAT),
    receivedAt: z.iso.datetime({ offset: true }),
    method: z.string().min(1).max(20),
    path: z.string().max(2000),
    source: z.string().max(500),
    signature: SignatureStateSchema,
    headers: z.array(z.tuple([z.string().max(1000), z.string().max(16_000)])).max(500),
    bodyEncoding: z.enum(['utf8', 'base64']),
    body: z.string(),
  })
  .strict()
export type ArchivedDelivery = z.infer<typeof ArchivedDeliverySchema>

export const ExportInputSchema = z
  .object({
    format: z.enum(['ndjson', 'har']),
    /** The events to export; the filter's matches when absent. */
    eventIds: z.array(z.number().int()).max(10_000).optional(),
    filter: EventFilterSchema.optional(),
  })
  .strict()
export type ExportInput = z.infer<typeof ExportInputSchema>

export const ExportFileSchema = z.object({
  filename: z.string(),
  mimeType: z.string(),
  content: z.string(),
  /** Deliveries written (a batch is one delivery with several events). */
  deliveries: z.number().int().nonnegative(),
  /** More matched than one file holds; narrow the filter to get the rest. */
  truncated: z.boolean(),
})
export type ExportFile = z.infer<typeof ExportFileSchema>

/** 50 MiB: what one import (or export) carries over IPC. */
export const MAX_ARCHIVE_CHARS = 50 * 1024 * 1024

export const ImportInputSchema = z
  .object({
    content: text({
      max: MAX_ARCHIVE_CHARS,
      multiline: true,
      tooLong: 'The file is larger than 50 MiB; split it and import the parts.',
    }),
  })
  .strict()

export const ImportResultSchema = z.object({ deliveries: z.number().int(), events: z.number().int() })
