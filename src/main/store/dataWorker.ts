/**
 * The data worker: a worker thread with its own SQLite connection to the
 * project's file, doing the heavy work so main's event loop (Electron's UI
 * thread) stays free: sync page writes with their search-index upkeep, and
 * the customers grid's queries. node:sqlite is synchronous, so whatever runs
 * on a connection blocks that connection's thread; here that thread is this one.
 *
 * Main opened the file first and ran the migrations; this connection only
 * sets its own pragmas. Its writes are short transactions (one page), and
 * busy_timeout lets either side wait for the other's instead of failing.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { AppError } from '../../shared/ipc/errors'
import { CustomerStore } from '../customers/customerStore'
import { queryCustomers } from '../customers/queries'
import { openConnection } from './database'
import type {
  DataWorkerCalls,
  DataWorkerData,
  DataWorkerReply,
  DataWorkerRequest,
} from './dataWorkerProtocol'

const port = parentPort
if (!port) throw new Error('dataWorker.ts runs as a worker thread only')
const { file } = workerData as DataWorkerData
// NORMAL: a commit survives a crash or kill -9 of the app in WAL mode; what the receiver
// acknowledges to Kapso is committed on main's FULL connection, not here.
const db = openConnection(file, { synchronous: 'NORMAL' })

const calls: DataWorkerCalls = {
  storePage({ resource, pass, page, items, unreadable, nowIso }) {
    const store = CustomerStore.for(db)
    const mark = () => {
      db.prepare('INSERT OR IGNORE INTO customer_sync_pages (resource, page) VALUES (?, ?)').run(
        resource,
        page,
      )
      store.storeUnreadable(resource, page, unreadable, pass)
    }
    if (resource === 'customers') store.storeCustomerPage(items as never, pass, nowIso, mark)
    else store.storePhonePage(items as never, pass, nowIso, mark)
  },
  queryCustomers({ query }) {
    return queryCustomers(db, query)
  },
  countCustomers() {
    return CustomerStore.for(db).count()
  },
}

port.on('message', (request: DataWorkerRequest | 'close') => {
  if (request === 'close') {
    db.close()
    port.close()
    return
  }
  let reply: DataWorkerReply
  try {
    const call = calls[request.method] as (args: unknown) => unknown
    reply = { id: request.id, ok: true, value: call(request.args) }
  } catch (error) {
    const code = error instanceof AppError ? error.code : 'internal'
    reply = { id: request.id, ok: false, error: { code, message: (error as Error).message } }
  }
  port.postMessage(reply)
})
