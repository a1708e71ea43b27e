import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { AppError, type ErrorCode } from '../../shared/ipc/errors'
import type {
  DataWorkerCalls,
  DataWorkerData,
  DataWorkerMethod,
  DataWorkerReply,
  DataWorkerRequest,
  DataWorkerRole,
} from './dataWorkerProtocol'

/** Where the worker's script is and how to start it. */
export interface DataWorkerScript {
  path: string
  execArgv: string[]
}

/**
 * The worker script next to the running code: `out/main/dataWorker.js` in a
 * build (an electron-vite main entry, see electron.vite.config.ts), else the
 * TypeScript source through jiti (tests under plain Node 20, as the crash
 * test's child does).
 */
export function defaultDataWorkerScript(): DataWorkerScript {
  const here = dirname(fileURLToPath(import.meta.url))
  for (const dir of [here, join(here, '..')]) {
    const built = join(dir, 'dataWorker.js')
    if (existsSync(built)) return { path: built, execArgv: [] }
  }
  return { path: join(here, 'dataWorker.ts'), execArgv: ['--import', 'jiti/register'] }
}

/** Which thread does what: bulk writes on one, the grid's reads on the other, so a search never queues behind a page write. */
const roleOf: Record<DataWorkerMethod, DataWorkerRole> = {
  storePage: 'writer',
  queryCustomers: 'reader',
  countCustomers: 'reader',
}

/**
 * Main's handle on one project's data worker: two threads, each with its own
 * connection to the file. The writer stores sync pages; the reader answers
 * the customers grid (WAL lets it read while the writer writes). Calls to one
 * thread are answered in order; a call made after close (a project switch) or
 * cut short by a thread's exit rejects with `cancelled`, which the callers
 * already treat as "stop".
 */
export class DataWorker {
  private readonly threads = new Map<DataWorkerRole, DataThread>()
  private closed = false

  constructor(
    private readonly file: string,
    private readonly script: DataWorkerScript = defaultDataWorkerScript(),
  ) {}

  call<M extends DataWorkerMethod>(
    method: M,
    args: Parameters<DataWorkerCalls[M]>[0],
  ): Promise<ReturnType<DataWorkerCalls[M]>> {
    if (this.closed)
      return Promise.reject(new AppError('cancelled', 'The local cache was closed (the project changed).'))
    const role = roleOf[method]
    // Each thread starts on its first call: a core that never syncs never starts the writer.
    let thread = this.threads.get(role)
    if (!thread) {
      thread = new DataThread(this.file, role, this.script)
      this.threads.set(role, thread)
    }
    return thread.call(method, args)
  }

  /** Lets each thread finish the call in hand and close its connection, then ends them. */
  async close(): Promise<void> {
    this.closed = true
    await Promise.all([...this.threads.values()].map((thread) => thread.close()))
  }
}

class DataThread {
  private readonly worker: Worker
  private nextId = 1
  private readonly pending = new Map<
    number,
    { resolve(value: unknown): void; reject(error: unknown): void }
  >()
  private closed = false

  constructor(file: string, role: DataWorkerRole, script: DataWorkerScript) {
    const data: DataWorkerData = { file, role }
    this.worker = new Worker(script.path, {
      workerData: data,
      execArgv: script.execArgv,
      name: `data-${role}`,
    })
    // An idle worker never keeps the process alive; one with calls in hand does (see call()).
    this.worker.unref()
    this.worker.on('message', (reply: DataWorkerReply) => {
      const waiting = this.pending.get(reply.id)
      if (!waiting) return
      this.pending.delete(reply.id)
      if (this.pending.size === 0) this.worker.unref()
      if (reply.ok) waiting.resolve(reply.value)
      else waiting.reject(new AppError(reply.error.code as ErrorCode, reply.error.message))
    })
    const fail = (message: string) => {
      this.closed = true
      for (const waiting of this.pending.values()) waiting.reject(new AppError('cancelled', message))
      this.pending.clear()
    }
    this.worker.on('error', (error) => fail(`The local cache's worker stopped: ${error.message}`))
    this.worker.on('exit', () => fail('The local cache was closed (the project changed).'))
  }

  call<M extends DataWorkerMethod>(
    method: M,
    args: Parameters<DataWorkerCalls[M]>[0],
  ): Promise<ReturnType<DataWorkerCalls[M]>> {
    if (this.closed)
      return Promise.reject(new AppError('cancelled', 'The local cache was closed (the project changed).'))
    const id = this.nextId++
    const request: DataWorkerRequest<M> = { id, method, args }
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref()
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      this.worker.postMessage(request)
    })
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()))
    this.worker.postMessage('close')
    await exited
  }
}
