import { z } from 'zod'

/** Single-object responses are wrapped: `{"data": {...}}` (reference 1.5). */
export const dataEnvelope = <T extends z.ZodType>(item: T) => z.object({ data: item })

/** `POST /whatsapp/webhooks/{id}/test` answers `{"data":{"success":true}}`. */
export const SuccessSchema = z.object({ success: z.boolean().nullish() })
export type Success = z.infer<typeof SuccessSchema>
