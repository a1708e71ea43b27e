import { randomUUID } from 'node:crypto'
import { AppError } from '../../shared/ipc/errors'
import type { BulkItem, BulkJob, BulkProgress } from '../../shared/setupLinks/link'
import type { Logger } from '../log/logger'
import { bulkCsv } from './csv'
import type { PageDelivery, SetupLinksService } from './service'

/** Creates in flight at once: quick for hundreds of customers, gentle on the rate limit (the client paces too). */
const CONCURRENCY = 4
/** Finished jobs kept for their CSV; older ones are dropped. */
const KEEP_JOBS = 20

interface Job {
  view: BulkJob
  controller: AbortController
  done: Promise<void>
}

/**
 * Bulk generation: one link per customer with one preset. Each customer is
 * its own attempt, so a failure is listed and the others go on. Not queued
 * offline: the list of failures says which customers to try again.
 */
export class BulkLinks {
  private readonly jobs = new Map<string, Job>()

  constructor(
    private readonly service: SetupLinksService,
    private readonly deps: { log: Logger; progress(progress: BulkProgress): void },
  ) {}

  async start(customerIds: string[], presetId: number | null): Promise<BulkJob> {
    const preset = await this.service.preset(presetId)
    if (preset.options.reconnect_phone_number)
      throw new AppError(
        'validation',
        'A bulk run cannot reconnect a number: each number belongs to one customer.',
      )
    const ids = [...new Set(customerIds)]
    const view: BulkJob = {
      jobId: randomUUID(),
      presetName: preset.name,
      total: ids.length,
      done: 0,
      created: 0,
      failed: 0,
      finished: false,
      cancelled: false,
      items: ids.map((id) => ({
        customerId: id,
        customerName: id,
        externalCustomerId: null,
        state: 'waiting',
        url: null,
        expiresAt: null,
        error: null,
      })),
    }
    const controller = new AbortController()
    const job: Job = { view, controller, done: Promise.resolve() }
    job.done = this.run(job, preset.options)
    this.jobs.set(view.jobId, job)
    this.prune()
    return structuredClone(view)
  }

  private async run(job: Job, options: Parameters<SetupLinksService['createOnce']>[2]): Promise<void> {
    const db = await this.service.db()
    let next = 0
    const worker = async () => {
      while (next < job.view.items.length && !job.controller.signal.aborted) {
        const item = job.view.items[next++]!
        await this.one(db, item, options)
        job.view.done++
        if (item.state === 'created') job.view.created++
        else job.view.failed++
        this.emit(job)
      }
    }
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, job.view.items.length) }, worker))
    job.view.finished = true
    job.view.cancelled = job.controller.signal.aborted
    this.emit(job)
    this.deps.log.info('bulk setup links finished', {
      total: job.view.total,
      created: job.view.created,
      failed: job.view.failed,
      cancelled: job.view.cancelled,
    })
  }

  private async one(
    db: Awaited<ReturnType<SetupLinksService['db']>>,
    item: BulkItem,
    options: Parameters<SetupLinksService['createOnce']>[2],
  ): Promise<void> {
    try {
      // A bulk run is long work nobody waits on link by link: background, so clicks stay quick meanwhile.
      const customer = await this.service.customer(db, item.customerId, 'background')
      item.customerName = customer.name
      item.externalCustomerId = customer.externalCustomerId
      // No list refresh per customer: the created link and the one-active rule say enough.
      const link = await this.service.createOnce(db, customer, options, {
        priority: 'background',
        refresh: false,
      })
      item.state = 'created'
      item.url = link.url
      item.expiresAt = link.expiresAt
    } catch (error) {
      item.state = 'failed'
      item.error = error instanceof AppError ? error.message : `Unexpected failure: ${String(error)}`
    }
  }

  private emit(job: Job): void {
    const { items, ...counts } = job.view
    this.deps.progress({ ...counts, failures: items.filter((i) => i.state === 'failed') })
  }

  result(jobId: string): BulkJob {
    return structuredClone(this.job(jobId).view)
  }

  /** Resolves when the job has ended (tests and dispose). */
  async settled(jobId: string): Promise<BulkJob> {
    await this.job(jobId).done
    return this.result(jobId)
  }

  async cancel(jobId: string): Promise<BulkJob> {
    const job = this.job(jobId)
    job.controller.abort()
    await job.done
    return this.result(jobId)
  }

  async csv(jobId: string): Promise<PageDelivery> {
    const view = this.job(jobId).view
    const csv = bulkCsv(view.items)
    const request = {
      defaultName: `setup-links-${new Date().toISOString().slice(0, 10)}.csv`,
      mime: 'text/csv',
      filter: { name: 'CSV', extensions: ['csv'] },
      data: Buffer.from(csv),
    }
    return this.service.deliver(request, () => this.service.host.saveFile(request))
  }

  async dispose(): Promise<void> {
    for (const job of this.jobs.values()) job.controller.abort()
    await Promise.all([...this.jobs.values()].map((j) => j.done.catch(() => {})))
  }

  private job(jobId: string): Job {
    const job = this.jobs.get(jobId)
    if (!job)
      throw new AppError('not_found', 'That bulk run is no longer available (the console was restarted).')
    return job
  }

  private prune(): void {
    const finished = [...this.jobs.entries()].filter(([, j]) => j.view.finished)
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_JOBS))) this.jobs.delete(id)
  }
}
