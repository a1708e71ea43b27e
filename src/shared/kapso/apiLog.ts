import { z } from 'zod'
import { maybe, timestamp } from './fields'
import { CursorQuerySchema, PeriodSchema } from './pagination'

/** Reference 2.6: calls this project made to Kapso's API. Bodies are not exposed. */
export const ApiLogSchema = z.looseObject({
  id: z.string(),
  endpoint: maybe(z.string()),
  http_method: maybe(z.string()),
  response_status: maybe(z.number().int()),
  response_time_ms: maybe(z.number()),
  ip_address: maybe(z.string()),
  error_message: maybe(z.string()),
  created_at: maybe(timestamp),
  api_key_id: maybe(z.string()),
  api_key_name: maybe(z.string()),
})
export type ApiLog = z.infer<typeof ApiLogSchema>

export const ApiLogListFiltersSchema = z.object({
  /** Partial match, e.g. `/customers`. */
  endpoint: z.string().optional(),
  status_code: z.number().int().optional(),
  errors_only: z.boolean().optional(),
  period: PeriodSchema.optional(),
})
export type ApiLogListFilters = z.infer<typeof ApiLogListFiltersSchema>
export const ApiLogPageQuerySchema = ApiLogListFiltersSchema.extend(CursorQuerySchema.shape)
export type ApiLogPageQuery = z.infer<typeof ApiLogPageQuerySchema>
