import { z } from 'zod'
import { idText, text } from '../text'
import { ForwardUrlSchema } from './forwarding'
import { numberEvents, projectEvents } from './session'

export const catalogEvents = [...projectEvents, ...numberEvents] as const

export const TriggerInputSchema = z
  .object({
    eventType: z.enum(catalogEvents),
    /** Shown in the payload (`customer.id`) for project events. */
    customerId: text({ max: 100, trim: true }).optional(),
    phoneNumberId: text({ max: 64, trim: true }).optional(),
    /** >1 sends a batched delivery (X-Webhook-Batch) of that many items; message events only. */
    batchSize: z.number().int().min(1).max(50).optional(),
    /**
     * receiver: this console's own receiver, signed with the listen session's secret.
     * forward: the forward target (routes apply), or `url` when given.
     */
    destination: z.enum(['receiver', 'forward']),
    url: ForwardUrlSchema.optional(),
    /** A saved secret to sign with; the listen session's secret by default. */
    secretId: idText(100).optional(),
  })
  .strict()
export type TriggerInput = z.infer<typeof TriggerInputSchema>
