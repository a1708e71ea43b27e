import { join } from 'node:path'
import { Agent } from 'undici'
import { CustomersService } from '../../../src/main/customers/service'
import { startTestGate, type TestGate } from '../../../src/main/customers/testNetworkGate'
import { createKapsoClient, type KapsoClient } from '../../../src/main/kapso'
import { createLogger } from '../../../src/main/log/logger'
import type { ActiveProject } from '../../../src/main/projects/projectsService'
import { type Sandbox, type SandboxOptions, startSandbox } from '../../../src/main/sandbox/sandboxServer'
import { type Database, openDatabase } from '../../../src/main/store/database'
import { migrations } from '../../../src/main/store/migrations'
import type { CustomersChanged, SyncStatus } from '../../../src/shared/customers/customer'
import type { Project } from '../../../src/shared/projects/project'
import { tempDataDir } from '../../support/tempDir'

export const log = createLogger({ level: 'error' })

export function sandboxClient(sandbox: Sandbox, baseUrl = sandbox.url, agent?: Agent): KapsoClient {
  return createKapsoClient({
    baseUrl,
    apiKey: sandbox.apiKey,
    log,
    ...(agent ? { dispatcher: agent } : {}),
    retry: { baseDelayMs: 2, maxDelayMs: 10, maxAttempts: 2, maxTotalMs: 1_000 },
  })
}

export interface World {
  sandbox: Sandbox
  gate: TestGate
  /** TEST ONLY flag file: while it exists the gate refuses connections. */
  flag: string
  dir: string
  db: Database
  service: CustomersService
  statuses: SyncStatus[]
  changes: CustomersChanged[]
  /** A client that talks to the sandbox directly, around the gate ("someone else" in Kapso). */
  direct: KapsoClient
  offline(): Promise<void>
  online(): Promise<void>
  /** A fresh service on the same database file, as after a restart. */
  restart(): Promise<void>
  close(): Promise<void>
}

const project: Project = {
  id: 'p_test',
  name: 'Test',
  baseUrl: '',
  environment: 'staging',
  builtIn: false,
  createdAt: new Date().toISOString(),
  lastUsedAt: null,
  key: { storage: 'session', mask: null },
}

export async function startWorld(options: SandboxOptions = {}): Promise<World> {
  const sandbox = await startSandbox({ customers: 40, ...options })
  const data = tempDataDir('kapso-customers-')
  const flag = join(data.dir, 'gate-closed')
  const gate = await startTestGate(sandbox.url, flag)
  const file = join(data.dir, 'cache.sqlite')
  const agent = new Agent({ keepAliveTimeout: 500, connections: 8 })
  const world = {
    sandbox,
    gate,
    flag,
    dir: data.dir,
    statuses: [] as SyncStatus[],
    changes: [] as CustomersChanged[],
    direct: sandboxClient(sandbox),
  } as World
  const make = () => {
    world.db = openDatabase(file, migrations)
    const db = world.db
    const active: ActiveProject = {
      project: { ...project, baseUrl: gate.url },
      baseUrl: gate.url,
      apiKey: async () => sandbox.apiKey,
      dataFolder: data.dir,
    }
    world.service = new CustomersService({
      database: { current: async () => db, onSwitch: () => () => {} },
      projects: { active: async () => active },
      log,
      emit: { status: (s) => world.statuses.push(s), changed: (c) => world.changes.push(c) },
      refreshIntervalMs: 3_600_000,
      probeDelaysMs: [100],
      clientFor: () => sandboxClient(sandbox, gate.url, agent),
    })
  }
  make()
  const { writeFileSync, rmSync } = await import('node:fs')
  const waitGate = () => new Promise((r) => setTimeout(r, 250))
  world.offline = async () => {
    writeFileSync(flag, 'closed')
    await waitGate()
  }
  world.online = async () => {
    rmSync(flag, { force: true })
    await waitGate()
  }
  world.restart = async () => {
    await world.service.dispose()
    world.db.close()
    make()
  }
  world.close = async () => {
    await world.service.dispose()
    world.db.close()
    await gate.close()
    await agent.close()
    await sandbox.close()
    data.remove()
  }
  return world
}

/** Polls until `check` is true (the service reports through events; tests wait on state, not sleeps). */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<void> {
  const start = Date.now()
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

export function count(db: Database, sql: string, ...params: Array<string | number>): number {
  return (db.prepare(sql).get(...params) as { n: number }).n
}
