import { join } from 'node:path'
import type { ActiveProject, ProjectsService } from '../projects/projectsService'
import { type Database, type Migration, openDatabase } from './database'

/**
 * One SQLite connection for the active project (`<data>/projects/<id>/cache.sqlite`),
 * shared by every service, reopened when the person switches projects. Services
 * ask for `current()` on each use instead of holding a connection.
 */
export class ProjectDatabase {
  private db: Database | null = null
  private projectId: string | null = null
  private readonly listeners = new Set<(db: Database, active: ActiveProject) => void>()
  private readonly unsubscribe: () => void

  constructor(
    private readonly projects: ProjectsService,
    private readonly migrations: readonly Migration[],
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

  /** Runs after the database of a newly active project is open (sync restarts, listeners re-point). */
  onSwitch(listener: (db: Database, active: ActiveProject) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private open(active: ActiveProject): Database {
    if (this.db && this.projectId === active.project.id) return this.db
    this.db?.close()
    // FULL: the webhook store shares this connection, and the receiver answers 200 (so Kapso
    // never retries) right after its commit; an fsync per commit keeps that promise through a
    // power loss. Measured in tests/bench/webhookReceiver.bench.ts; figures in the README.
    this.db = openDatabase(join(active.dataFolder, 'cache.sqlite'), this.migrations, { synchronous: 'FULL' })
    this.projectId = active.project.id
    for (const listener of this.listeners) listener(this.db, active)
    return this.db
  }

  close(): void {
    this.unsubscribe()
    this.db?.close()
    this.db = null
    this.projectId = null
  }
}
