import { z } from 'zod'
import { EventFilterSchema } from './event'

export const SavedViewSchema = z.object({ name: z.string(), filter: EventFilterSchema, savedAt: z.string() })
export type SavedView = z.infer<typeof SavedViewSchema>

export const SaveViewInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Name the view, e.g. "Failed signatures, Harbour Bakery".').max(80),
    filter: EventFilterSchema,
  })
  .strict()
