import { z } from 'zod'

/** What the browser-side bridge sends over the preview WebSocket. */
export const ClientMessageSchema = z.object({
  id: z.number().int().nonnegative(),
  call: z.string().max(200),
  input: z.unknown().optional(),
})
export type ClientMessage = z.infer<typeof ClientMessageSchema>
