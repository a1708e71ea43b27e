import { z } from 'zod'
import { DeliveryRecordSchema } from './deliveryRecords'

/** A stretch of time in which the listen session could not hear Kapso. */
export const DeafGapSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** In words: "the computer slept", "the receiver stopped answering", "the tunnel stopped answering". */
  reason: z.string(),
  /** When Kapso's delivery records were last compared with local arrivals; null while checking. */
  checkedAt: z.string().nullable(),
  /** Kapso's records for this session's webhooks in the gap. */
  attempted: z.number().int().nonnegative(),
  /** Those with no matching local event: what was missed. */
  missed: z.array(DeliveryRecordSchema),
  /** Why the comparison could not be made (offline, unauthorized …); null when it was. */
  error: z.string().nullable(),
})
export type DeafGap = z.infer<typeof DeafGapSchema>

export const WatchStatusSchema = z.object({
  /** Set while the session cannot hear: since when, and why. */
  deafSince: z.string().nullable(),
  deafReason: z.string().nullable(),
  /** The last gap after the session could hear again, until dismissed. */
  lastGap: DeafGapSchema.nullable(),
})
export type WatchStatus = z.infer<typeof WatchStatusSchema>
