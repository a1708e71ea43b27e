import { z } from 'zod'
import { text } from '../text'
import { EventFilterSchema } from './event'

export const SavedViewSchema = z.object({ name: z.string(), filter: EventFilterSchema, savedAt: z.string() })
export type SavedView = z.infer<typeof SavedViewSchema>

export const SaveViewInputSchema = z
  .object({
    name: text({
      min: 1,
      max: 80,
      trim: true,
      tooShort: 'Name the view, e.g. "Failed signatures, Harbour Bakery".',
    }),
    filter: EventFilterSchema,
  })
  .strict()
