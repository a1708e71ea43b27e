import type { CustomerPage, CustomerQuery } from '../../shared/customers/customer'
import type { UnreadableRecord } from '../../shared/kapso/unreadable'

/**
 * What main asks of the data worker (dataWorker.ts) and what it answers.
 * Messages are structured clones; the worker holds its own SQLite connection
 * to the same file, so only plain data crosses.
 */
export interface DataWorkerCalls {
  /** One sync page stored in one transaction with its "page done" mark (customers/sync.ts). */
  storePage(args: {
    resource: 'customers' | 'phone_numbers'
    pass: number
    page: number
    items: unknown[]
    /** Items the tolerant reader could not read, kept beside the page (customers/customerStore.ts). */
    unreadable: UnreadableRecord[]
    nowIso: string
  }): void
  /** The customers grid's window and counts (customers/queries.ts), already validated by main. */
  queryCustomers(args: { query: CustomerQuery }): CustomerPage
  /** The cached customers count the sync status shows (a count(*) over every row, sent on each page). */
  countCustomers(args: Record<string, never>): number
}

export type DataWorkerMethod = keyof DataWorkerCalls

export interface DataWorkerRequest<M extends DataWorkerMethod = DataWorkerMethod> {
  id: number
  method: M
  args: Parameters<DataWorkerCalls[M]>[0]
}

export type DataWorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { code: string; message: string } }

/** The writer stores sync pages; the reader answers queries (see dataWorkerClient.ts). */
export type DataWorkerRole = 'writer' | 'reader'

export interface DataWorkerData {
  file: string
  role: DataWorkerRole
}
