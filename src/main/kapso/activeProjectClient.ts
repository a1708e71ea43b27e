import type { Logger } from '../log/logger'
import type { ActiveProject } from '../projects/projectsService'
import type { BudgetOptions, CallPriority } from './budget'
import { createKapsoClient, type KapsoClient } from './client'
import type { RetryOptions } from './retry'

/** Makes the client for a project; tests pass one that points at their sandbox. */
export type ClientFactory = (active: ActiveProject, log: Logger) => KapsoClient | Promise<KapsoClient>

/**
 * One Platform API client per project and host for the whole app: Kapso's
 * rate limit is per key, so every capability must spend the same budget
 * (budget.ts). createCore makes one and hands it to each capability.
 */
export class ProjectClients {
  private cached: { projectId: string; baseUrl: string; client: Promise<KapsoClient> } | null = null

  constructor(
    private readonly log: Logger,
    private readonly pacing?: BudgetOptions,
  ) {}

  /** The project's client, made on first use and replaced when another project or host is active. */
  for(active: ActiveProject, factory?: ClientFactory): Promise<KapsoClient> {
    if (this.cached?.projectId === active.project.id && this.cached.baseUrl === active.baseUrl)
      return this.cached.client
    const client = factory
      ? Promise.resolve(factory(active, this.log))
      : Promise.resolve(
          createKapsoClient({
            baseUrl: active.baseUrl,
            apiKey: () => active.apiKey(),
            log: this.log,
            ...(this.pacing ? { pacing: this.pacing } : {}),
          }),
        )
    this.cached = { projectId: active.project.id, baseUrl: active.baseUrl, client }
    client.catch(() => {
      if (this.cached?.client === client) this.cached = null
    })
    return client
  }
}

/**
 * A capability's handle on the active project's client. Every call site says
 * its priority (`get('interactive')`, `get('background')`); all of them share
 * the project's one client — key, budget, health limiter, connections — while
 * the capability keeps its own retry policy. The client is replaced when
 * another project becomes active or the project moves to another host (each
 * call checks), so no capability keeps talking to a host the project has left.
 */
export class ActiveProjectClient {
  private readonly clients: ProjectClients
  private views: { base: KapsoClient; byPriority: Map<CallPriority, KapsoClient> } | null = null

  constructor(
    private readonly deps: {
      projects: { active(): Promise<ActiveProject> }
      log: Logger
      /** The app's shared clients; a capability made alone (tests) gets its own. */
      clients?: ProjectClients | undefined
      clientFor?: ClientFactory | undefined
      /** How long a capability lets a call retry before it falls back (cache, queue, a message). */
      retry: RetryOptions
    },
  ) {
    this.clients = deps.clients ?? new ProjectClients(deps.log)
  }

  async get(priority: CallPriority): Promise<KapsoClient> {
    const active = await this.deps.projects.active()
    const base = await this.clients.for(active, this.deps.clientFor)
    if (this.views?.base !== base) this.views = { base, byPriority: new Map() }
    let view = this.views.byPriority.get(priority)
    if (!view) {
      view = base.as(priority, this.deps.retry)
      this.views.byPriority.set(priority, view)
    }
    return view
  }
}
