import { z } from 'zod'
import { call } from '../ipc/define'
import { AppErrorDataSchema } from '../ipc/errors'
import { PeriodSchema } from '../kapso/pagination'
import { text } from '../text'

/** One call this project made to Kapso (`GET /api_logs`), as cached here. Bodies are not exposed by Kapso. */
export const ApiLogRowSchema = z.object({
  id: z.string(),
  endpoint: z.string(),
  method: z.string(),
  status: z.number().int(),
  responseTimeMs: z.number().nullable(),
  errorMessage: z.string().nullable(),
  createdAt: z.string(),
  apiKeyName: z.string().nullable(),
})
export type ApiLogRow = z.infer<typeof ApiLogRowSchema>

/** The API's own filters (listApiLogs): `endpoint` partial match, `status_code`, `errors_only` (≥ 400), `period`. */
export const ApiLogFiltersSchema = z
  .object({
    errorsOnly: z.boolean().default(false),
    endpoint: text({ max: 300, trim: true }).default(''),
    status: z.number().int().min(100).max(599).nullable().default(null),
    period: PeriodSchema.default('24h'),
  })
  .strict()
export type ApiLogFilters = z.output<typeof ApiLogFiltersSchema>

/** How fresh the cached logs are; `problem` says why Kapso could not be asked (the cache is shown instead). */
export const ApiLogFreshnessSchema = z.object({
  /** When logs were last fetched from Kapso; null: never (nothing cached). */
  asOf: z.string().nullable(),
  problem: AppErrorDataSchema.nullable(),
})

export const ApiLogPageSchema = z.object({
  rows: z.array(ApiLogRowSchema),
  offset: z.number().int(),
  /** Matching rows in the cache. */
  total: z.number().int(),
  asOf: z.string().nullable(),
})
export type ApiLogPage = z.infer<typeof ApiLogPageSchema>

export const apiLogCalls = {
  /** Fetches the newest logs for these filters from Kapso into the cache (never throws for offline). */
  'apiLogs.refresh': call(
    z.object({ filters: ApiLogFiltersSchema.default(ApiLogFiltersSchema.parse({})) }).strict(),
    ApiLogFreshnessSchema.extend({ fetched: z.number().int() }),
  ),
  /** A window of the cached logs for these filters, newest first (works offline). */
  'apiLogs.query': call(
    z
      .object({
        filters: ApiLogFiltersSchema.default(ApiLogFiltersSchema.parse({})),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    ApiLogPageSchema,
  ),
  /** Failed calls (≥ 400) of the last 30 days whose path names this customer: fetched, then from the cache. */
  'apiLogs.customerErrors': call(
    z
      .object({
        customerId: z.uuid('A customer id is a UUID.'),
        limit: z.number().int().min(1).max(100).default(20),
      })
      .strict(),
    ApiLogFreshnessSchema.extend({ rows: z.array(ApiLogRowSchema), total: z.number().int() }),
  ),
}
