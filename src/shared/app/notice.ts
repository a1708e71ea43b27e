import { z } from 'zod'

export const NoticeSchema = z.object({
  level: z.enum(['info', 'success', 'warning', 'error']),
  title: z.string(),
  detail: z.string().optional(),
})
export type Notice = z.infer<typeof NoticeSchema>
