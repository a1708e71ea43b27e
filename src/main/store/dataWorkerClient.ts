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

/**
 * Main's handle on one project's data worker. Calls are answered in order;
 * a call made after close (a project switch) or cut short by the worker's
 * exit rejects with `cancelled`, which the callers already treat as "stop".
 */
export class DataWorker {
  private readonly worker: Worker
  private nextId = 1
  private readonly pending = new Map<
    number,
    { resolve(value: unknown): void; reject(error: unknown): void }
  >()
  private closed = false

  constructor(file: string, script: DataWorkerScript = defaultDataWorkerScript()) {
    const data: DataWorkerData = { file }
    this.worker = new Worker(script.path, { workerData: data, execArgv: script.execArgv })
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

  /** Lets the worker finish the call in hand and close its connection, then ends it. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()))
    this.worker.postMessage('close')
    await exited
  }
}
