import { join } from 'node:path'
import type { ActiveProject, ProjectsService } from '../projects/projectsService'
import { type Database, type Migration, openDatabase } from './database'
import { DataWorker, type DataWorkerScript } from './dataWorkerClient'

export interface ProjectDatabaseOptions {
  /**
   * Heavy work (sync writes, the customers grid's queries) in a worker thread
   * with its own connection (the default); `false` keeps it on main's
   * connection: the in-thread baseline tests/bench/mainThread.bench.ts compares against.
   */
  dataWorker?: false | { script?: DataWorkerScript }
}

/**
 * One SQLite connection for the active project (`<data>/projects/<id>/cache.sqlite`),
 * shared by every service, reopened when the person switches projects. Services
 * ask for `current()` on each use instead of holding a connection.
 */
export class ProjectDatabase {
  private db: Database | null = null
  private file: string | null = null
  private dataWorker: DataWorker | null = null
  private projectId: string | null = null
  private readonly listeners = new Set<(db: Database, active: ActiveProject) => void>()
  private readonly unsubscribe: () => void

  constructor(
    private readonly projects: ProjectsService,
    private readonly migrations: readonly Migration[],
    private readonly options: ProjectDatabaseOptions = {},
  ) {
    this.unsubscribe = projects.onActiveChange((active) => {
      this.open(active)
    })
  }

  async current(): Promise<Database> {
    const active = await this.projects.active()
    if (this.db && this.projectId === active.project.id) return this.db
    return this.open(active)
  }

  /**
   * The active project's data worker, started on first use (after main has
   * opened and migrated the file); null when this core runs in-thread.
   */
  async worker(): Promise<DataWorker | null> {
    if (this.options.dataWorker === false) return null
    await this.current()
    this.dataWorker ??= new DataWorker(this.file!, this.options.dataWorker?.script)
    return this.dataWorker
  }

  /** Runs after the database of a newly active project is open (sync restarts, listeners re-point). */
  onSwitch(listener: (db: Database, active: ActiveProject) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private open(active: ActiveProject): Database {
    if (this.db && this.projectId === active.project.id) return this.db
    this.closeWorker()
    this.db?.close()
    // FULL: the webhook store shares this connection, and the receiver answers 200 (so Kapso
    // never retries) right after its commit; an fsync per commit keeps that promise through a
    // power loss. Measured in tests/bench/webhookReceiver.bench.ts; figures in the README.
    this.file = join(active.dataFolder, 'cache.sqlite')
    this.db = openDatabase(this.file, this.migrations, { synchronous: 'FULL' })
    this.projectId = active.project.id
    for (const listener of this.listeners) listener(this.db, active)
    return this.db
  }

  private closeWorker(): void {
    // The worker finishes the call in hand and closes its own connection; calls after this reject.
    void this.dataWorker?.close()
    this.dataWorker = null
  }

  close(): void {
    this.unsubscribe()
    this.closeWorker()
    this.db?.close()
    this.db = null
    this.projectId = null
  }
}
