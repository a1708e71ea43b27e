import { z } from 'zod'
import { text } from '../text'
import { maybe, timestamp } from './fields'
import { PageQuerySchema } from './pagination'

/**
 * Reference 2.1. A customer is a tenant of the project; it has no phone-number fields.
 * Only `id` is required: the getting-started page shows a create answer with no timestamps,
 * and the older reference pages add `metadata` (kept, like any unknown key).
 */
export const CustomerSchema = z.looseObject({
  id: z.string(),
  name: maybe(z.string()),
  external_customer_id: maybe(z.string()),
  created_at: maybe(timestamp),
  updated_at: maybe(timestamp),
})
export type Customer = z.infer<typeof CustomerSchema>

/** Sent inside the `customer` root key. */
export const CustomerCreateInputSchema = z.object({
  name: text({
    min: 1,
    max: 200,
    tooShort: 'Give the customer a name.',
    tooLong: 'Keep the name under 200 characters.',
  }),
  external_customer_id: text({ max: 200, tooLong: 'Keep the external id under 200 characters.' })
    .nullable()
    .optional(),
})
export type CustomerCreateInput = z.infer<typeof CustomerCreateInputSchema>

export const CustomerUpdateInputSchema = CustomerCreateInputSchema.partial()
export type CustomerUpdateInput = z.infer<typeof CustomerUpdateInputSchema>

/** Every filter `GET /customers` documents. */
export const CustomerListFiltersSchema = z.object({
  /** Substring match on the name. */
  name_contains: z.string().optional(),
  /** Exact match: how a caller finds the customer it created before a dropped connection. */
  external_customer_id: z.string().optional(),
  created_after: z.string().optional(),
  created_before: z.string().optional(),
})
export type CustomerListFilters = z.infer<typeof CustomerListFiltersSchema>

export const CustomerPageQuerySchema = CustomerListFiltersSchema.extend(PageQuerySchema.shape)
export type CustomerPageQuery = z.infer<typeof CustomerPageQuerySchema>
