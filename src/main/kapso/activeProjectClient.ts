import type { Logger } from '../log/logger'
import type { ActiveProject } from '../projects/projectsService'
import { createKapsoClient, type KapsoClient } from './client'
import type { RetryOptions } from './retry'

/** Makes the client for a project; tests pass one that points at their sandbox. */
export type ClientFactory = (active: ActiveProject, log: Logger) => KapsoClient | Promise<KapsoClient>

/**
 * The Platform API client of whichever project is active, made once per
 * project and host and replaced when another project becomes active or the
 * project moves to another host (each call checks), so every call of a
 * capability shares one client's pacing and connection pool, and no
 * capability keeps talking to a host the project has left.
 */
export class ActiveProjectClient {
  private cached: { projectId: string; baseUrl: string; client: KapsoClient } | null = null

  constructor(
    private readonly deps: {
      projects: { active(): Promise<ActiveProject> }
      log: Logger
      clientFor?: ClientFactory | undefined
      /** How long a capability lets a call retry before it falls back (cache, queue, a message). */
      retry: RetryOptions
    },
  ) {}

  async get(): Promise<KapsoClient> {
    const active = await this.deps.projects.active()
    if (this.cached?.projectId === active.project.id && this.cached.baseUrl === active.baseUrl)
      return this.cached.client
    const client = this.deps.clientFor
      ? await this.deps.clientFor(active, this.deps.log)
      : createKapsoClient({
          baseUrl: active.baseUrl,
          apiKey: () => active.apiKey(),
          log: this.deps.log,
          retry: this.deps.retry,
        })
    this.cached = { projectId: active.project.id, baseUrl: active.baseUrl, client }
    return client
  }
}
