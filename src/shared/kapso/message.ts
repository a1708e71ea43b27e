import { z } from 'zod'

/**
 * Meta proxy (reference 5): shapes are Meta Graph's, with no `data` envelope.
 */
export const SendTextInputSchema = z.object({
  /** Recipient in international format, digits with or without `+`. */
  to: z.string().min(1),
  body: z.string().min(1).max(4096),
  preview_url: z.boolean().optional(),
})
export type SendTextInput = z.infer<typeof SendTextInputSchema>

export const MetaSendMessageResponseSchema = z.object({
  messaging_product: z.string().nullish(),
  contacts: z.array(z.object({ input: z.string().nullish(), wa_id: z.string().nullish() })).nullish(),
  messages: z.array(z.object({ id: z.string(), message_status: z.string().nullish() })).min(1),
})
export type MetaSendMessageResponse = z.infer<typeof MetaSendMessageResponseSchema>

/** Meta's error body: `{"error":{"message","type","code","error_subcode","fbtrace_id"}}`. */
export const MetaErrorBodySchema = z.object({
  error: z.object({
    message: z.string().nullish(),
    type: z.string().nullish(),
    code: z.number().nullish(),
    error_subcode: z.number().nullish(),
    fbtrace_id: z.string().nullish(),
    error_data: z.object({ details: z.string().nullish() }).nullish(),
  }),
})
export type MetaErrorBody = z.infer<typeof MetaErrorBodySchema>
