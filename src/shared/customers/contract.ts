import { z } from 'zod'
import { call, NoInput } from '../ipc/define'
import { CustomerUpdateInputSchema } from '../kapso/customer'
import { idText } from '../text'
import {
  CreateCustomerInputSchema,
  CustomerDetailSchema,
  CustomerPageSchema,
  CustomerQuerySchema,
  CustomersChangedSchema,
  DeleteCustomersInputSchema,
  OutboxEntrySchema,
  SyncStatusSchema,
  UpdateCustomerInputSchema,
  WriteResultSchema,
} from './customer'

const IdInput = z.object({ id: idText() }).strict()
const SeqInput = z.object({ seq: z.number().int().positive() }).strict()

export const customerCalls = {
  /** One window of the cached list (search, sort, filter, offset/limit) with counts per filter. */
  'customers.query': call(CustomerQuerySchema, CustomerPageSchema),
  /** The cached detail: works offline. */
  'customers.get': call(IdInput, CustomerDetailSchema),
  /** Fetches the customer's setup links and numbers from Kapso, stores them, returns the detail. */
  'customers.refreshDetail': call(IdInput, CustomerDetailSchema),
  'customers.create': call(CreateCustomerInputSchema, WriteResultSchema),
  'customers.update': call(UpdateCustomerInputSchema, WriteResultSchema),
  'customers.delete': call(DeleteCustomersInputSchema, z.object({ outcome: z.enum(['applied', 'queued']) })),
  'customers.syncStatus': call(NoInput, SyncStatusSchema),
  /** Starts (or continues) a full sync now; resolves at once, progress comes as `customers.sync`. */
  'customers.syncNow': call(NoInput, SyncStatusSchema),
  'customers.cancelSync': call(NoInput, SyncStatusSchema),
  'customers.listOutbox': call(NoInput, z.array(OutboxEntrySchema)),
  /** Puts a rejected write back in line, optionally with corrected fields. */
  'customers.retryWrite': call(
    SeqInput.extend({ payload: CustomerUpdateInputSchema.optional() }).strict(),
    z.array(OutboxEntrySchema),
  ),
  /** Drops a rejected or pending write and undoes its local effect. */
  'customers.discardWrite': call(SeqInput, z.array(OutboxEntrySchema)),
}

export const customerEvents = {
  /** Sync progress, connectivity and outbox counts. */
  'customers.sync': SyncStatusSchema,
  /** Cached rows changed: open windows re-query. */
  'customers.changed': CustomersChangedSchema,
}
