import { z } from 'zod'
import { CustomerCreateInputSchema, CustomerUpdateInputSchema } from '../kapso/customer'
import { UnreadableRecordSchema } from '../kapso/unreadable'
import { idText, text } from '../text'

/**
 * What the customers view sees of the local cache. Connection state is derived
 * from what is known: numbers come with every sync; setup links only when a
 * customer is opened (see main/customers/sync.ts for why), so a customer whose
 * links were never fetched and who has no number is `unknown` ("not checked").
 */
export const connectionStates = ['connected', 'pending', 'expired', 'never_invited', 'unknown'] as const
export const ConnectionStateSchema = z.enum(connectionStates)
export type ConnectionState = z.infer<typeof ConnectionStateSchema>

export const customerFilters = ['all', ...connectionStates] as const
export const CustomerFilterSchema = z.enum(customerFilters)
export type CustomerFilter = z.infer<typeof CustomerFilterSchema>

export const customerSorts = ['name', 'created', 'activity'] as const
export const CustomerSortSchema = z.enum(customerSorts)
export type CustomerSort = z.infer<typeof CustomerSortSchema>

export const outboxOps = ['create', 'update', 'delete'] as const
export const OutboxOpSchema = z.enum(outboxOps)
export type OutboxOp = z.infer<typeof OutboxOpSchema>

/** A write waiting in the outbox (or refused by Kapso on replay, kept until fixed or discarded). */
export const OutboxEntrySchema = z.object({
  seq: z.number().int(),
  op: OutboxOpSchema,
  customerId: z.string(),
  /** The customer's name when the write was made, so a rejected delete still says whom it was about. */
  customerName: z.string(),
  payload: z.object({ name: z.string().optional(), external_customer_id: z.string().nullable().optional() }),
  createdAt: z.string(),
  state: z.enum(['pending', 'rejected']),
  attempts: z.number().int(),
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.array(z.string())).optional(),
    })
    .nullable(),
})
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>

export const PendingMarkSchema = z.object({
  op: OutboxOpSchema,
  state: z.enum(['pending', 'rejected']),
  reason: z.string().nullable(),
})
export type PendingMark = z.infer<typeof PendingMarkSchema>

export const CustomerRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  externalCustomerId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastActivityAt: z.string(),
  connection: ConnectionStateSchema,
  phoneCount: z.number().int(),
  /** The first connected number's display form, for the table. */
  phoneDisplay: z.string().nullable(),
  /** Made offline and not yet created in Kapso: the id is local until the outbox replays it. */
  local: z.boolean(),
  /** The latest outbox write touching this row, if any. */
  pending: PendingMarkSchema.nullable(),
})
export type CustomerRow = z.infer<typeof CustomerRowSchema>

export const CustomerQuerySchema = z
  .object({
    search: text({ max: 200 }).default(''),
    sort: CustomerSortSchema.default('name'),
    direction: z.enum(['asc', 'desc']).default('asc'),
    filter: CustomerFilterSchema.default('all'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict()
export type CustomerQuery = z.input<typeof CustomerQuerySchema>

export const FilterCountsSchema = z.record(CustomerFilterSchema, z.number().int().nonnegative())
export type FilterCounts = Record<CustomerFilter, number>

export const CustomerPageSchema = z.object({
  rows: z.array(CustomerRowSchema),
  offset: z.number().int(),
  /** Rows matching search and filter. */
  total: z.number().int(),
  /** Rows matching the search, per filter chip. */
  counts: FilterCountsSchema,
  /** Customers Kapso listed that the last sync could not read (unfiltered list only). */
  unreadable: z.array(UnreadableRecordSchema),
})
export type CustomerPage = z.infer<typeof CustomerPageSchema>

export const PhoneNumberSummarySchema = z.object({
  phoneNumberId: z.string(),
  name: z.string(),
  displayPhoneNumber: z.string().nullable(),
  verifiedName: z.string().nullable(),
  status: z.string().nullable(),
  qualityRating: z.string().nullable(),
  createdAt: z.string(),
})
export type PhoneNumberSummary = z.infer<typeof PhoneNumberSummarySchema>

export const SetupLinkSummarySchema = z.object({
  id: z.string(),
  status: z.string(),
  /** `expired` when Kapso still says active but `expires_at` has passed. */
  effectiveStatus: z.string(),
  url: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  setupStatus: z.string().nullable(),
  setupError: z.string().nullable(),
})
export type SetupLinkSummary = z.infer<typeof SetupLinkSummarySchema>

export const CustomerDetailSchema = z.object({
  customer: CustomerRowSchema,
  phoneNumbers: z.array(PhoneNumberSummarySchema),
  setupLinks: z.array(SetupLinkSummarySchema),
  /** null: never fetched (links are fetched when a customer is opened). */
  linksCheckedAt: z.string().nullable(),
  outbox: z.array(OutboxEntrySchema),
})
export type CustomerDetail = z.infer<typeof CustomerDetailSchema>

/**
 * What the running pass has left at the key's rate limit: shown as
 * "~14 min left at 100 requests/min". The pass runs at its background share
 * of the limit (`syncPerMinute`), leaving the rest for the person's clicks.
 */
export const SyncEstimateSchema = z.object({
  requestsLeft: z.number().int().nonnegative(),
  msLeft: z.number().int().nonnegative(),
  /** The key's limit, as Kapso's `X-RateLimit-Limit` says it. */
  limitPerMinute: z.number().int().positive(),
  /** The share of it the sync may use. */
  syncPerMinute: z.number().int().positive(),
})
export type SyncEstimate = z.infer<typeof SyncEstimateSchema>

export const SyncStatusSchema = z.object({
  state: z.enum(['idle', 'syncing', 'error']),
  phase: z.enum(['customers', 'phone_numbers', 'finishing']).nullable(),
  /** Items stored in this pass so far, and the total Kapso reported ("12,400 of 40,000"). */
  done: z.number().int(),
  total: z.number().int().nullable(),
  /** Null when idle or while the API has not said its rate limit. */
  estimate: SyncEstimateSchema.nullable(),
  lastSyncedAt: z.string().nullable(),
  /** A pass that was interrupted continues from its last stored page. */
  resumable: z.boolean(),
  online: z.boolean(),
  /** First failed contact after the last good one; kept across restarts. */
  offlineSince: z.string().nullable(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  pendingWrites: z.number().int(),
  rejectedWrites: z.number().int(),
  cachedCustomers: z.number().int(),
})
export type SyncStatus = z.infer<typeof SyncStatusSchema>

export const CreateCustomerInputSchema = z.object({ customer: CustomerCreateInputSchema }).strict()
export const UpdateCustomerInputSchema = z
  .object({ id: idText(), customer: CustomerUpdateInputSchema })
  .strict()
export const DeleteCustomersInputSchema = z.object({ ids: z.array(idText()).min(1).max(1000) }).strict()

/** What a write returns: applied (Kapso answered) or queued (offline; the outbox replays it). */
export const WriteResultSchema = z.object({
  outcome: z.enum(['applied', 'queued']),
  customer: CustomerRowSchema.nullable(),
})
export type WriteResult = z.infer<typeof WriteResultSchema>

export const CustomersChangedSchema = z.object({
  reason: z.enum(['sync', 'write', 'outbox', 'detail', 'project']),
  ids: z.array(z.string()).optional(),
})
export type CustomersChanged = z.infer<typeof CustomersChangedSchema>
