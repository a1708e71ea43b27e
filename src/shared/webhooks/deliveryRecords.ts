import { z } from 'zod'
import { UnreadableRecordSchema } from '../kapso/unreadable'
import { text } from '../text'

/** A filter of Kapso's `GET /webhook_deliveries` (reference 2.5). */
export const DeliveryRecordFilterSchema = z
  .object({
    status: z.enum(['pending', 'delivered', 'failed']).optional(),
    event: text({ max: 200, trim: true }).optional(),
    webhookId: text({ max: 100, trim: true }).optional(),
    errorsOnly: z.boolean().optional(),
    period: z.enum(['24h', '7d', '30d']).optional(),
  })
  .strict()
export type DeliveryRecordFilter = z.infer<typeof DeliveryRecordFilterSchema>

/** Null where Kapso's record left the field out (shown as "—"). */
export const DeliveryRecordSchema = z.object({
  id: z.string(),
  event: z.string().nullable(),
  status: z.string().nullable(),
  responseStatus: z.number().int().nullable(),
  attemptCount: z.number().int().nullable(),
  createdAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  failedAt: z.string().nullable(),
  webhookId: z.string().nullable(),
  webhookUrl: z.string().nullable(),
  phoneNumberId: z.string().nullable(),
  /** The local event this delivery most likely became; null when none arrived here. */
  localEventId: z.number().int().nullable(),
})
export type DeliveryRecord = z.infer<typeof DeliveryRecordSchema>

export const DeliveryRecordPageSchema = z.object({
  records: z.array(DeliveryRecordSchema),
  /** Records of this page the console could not read, shown as "Unreadable record" rows. */
  unreadable: z.array(UnreadableRecordSchema),
  /** Pass as `after` for the next (older) page; null at the end. */
  nextCursor: z.string().nullable(),
})
export type DeliveryRecordPage = z.infer<typeof DeliveryRecordPageSchema>
