import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../shared/ipc/errors'
import {
  type Environment,
  type HostChange,
  maskKey,
  type Project,
  type ProjectList,
  SANDBOX_PROJECT_ID,
} from '../../shared/projects/project'
import type { Logger } from '../log/logger'
import type { KeyChecker } from './keyCheck'
import type { KeyStorage, KeyVault } from './keyVault'
import type { ProfileStore, ProfilesFile, StoredProfile } from './profileStore'

/** The embedded sandbox server, started on first need. */
export type SandboxProvider = () => Promise<{ url: string; apiKey: string }>

/** What the rest of the core needs to talk to Kapso for the active project. */
export interface ActiveProject {
  project: Project
  baseUrl: string
  apiKey(): Promise<string>
  dataFolder: string
}

export interface ProjectsServiceDeps {
  dataDir: string
  profiles: ProfileStore
  keys: KeyVault
  checkKey: KeyChecker
  sandbox: SandboxProvider
  log: Logger
  now?: () => Date
  onChange?: (list: ProjectList) => void
}

interface KeyOptions {
  onUnreachable: 'ask' | 'save'
  storage: KeyStorage
}

export class ProjectsService {
  private state: ProfilesFile
  private readonly now: () => Date
  private readonly activeListeners = new Set<(active: ActiveProject) => void>()
  private readonly hostListeners = new Set<(active: ActiveProject) => void>()

  constructor(private readonly deps: ProjectsServiceDeps) {
    this.now = deps.now ?? (() => new Date())
    const loaded = deps.profiles.load()
    this.state = loaded ?? { version: 1, activeId: SANDBOX_PROJECT_ID, profiles: [] }
    if (!this.state.profiles.some((p) => p.id === SANDBOX_PROJECT_ID)) {
      this.state.profiles.unshift({
        id: SANDBOX_PROJECT_ID,
        name: 'Sandbox',
        baseUrl: 'embedded',
        environment: 'sandbox',
        createdAt: this.now().toISOString(),
        lastUsedAt: null,
        keyInKeychain: false,
        keyLast4: null,
      })
    }
    if (!this.state.profiles.some((p) => p.id === this.state.activeId))
      this.state.activeId = SANDBOX_PROJECT_ID
  }

  async list(): Promise<ProjectList> {
    const sandbox = await this.deps.sandbox()
    return {
      activeId: this.state.activeId,
      projects: this.state.profiles.map((p) => this.toProject(p, sandbox)),
    }
  }

  async create(
    input: {
      name: string
      baseUrl: string
      environment: Exclude<Environment, 'sandbox'>
      apiKey: string
    } & KeyOptions,
  ): Promise<Project> {
    this.ensureUniqueName(input.name)
    await this.verify(input.baseUrl, input.apiKey, input.onUnreachable)
    const id = `p_${randomBytes(6).toString('hex')}`
    // The key goes in first: if the keychain refuses, no half-made profile is left behind.
    await this.deps.keys.set(id, input.apiKey, input.storage)
    const profile: StoredProfile = {
      id,
      name: input.name,
      baseUrl: input.baseUrl,
      environment: input.environment,
      createdAt: this.now().toISOString(),
      lastUsedAt: null,
      keyInKeychain: input.storage === 'keychain',
      keyLast4: input.apiKey.slice(-4),
    }
    this.state.profiles.push(profile)
    this.state.activeId = id
    profile.lastUsedAt = this.now().toISOString()
    this.persist()
    this.deps.log.info('project added', { id, environment: input.environment, storage: input.storage })
    await this.changed(true)
    return this.toProject(profile, await this.deps.sandbox())
  }

  async update(input: {
    id: string
    name?: string
    baseUrl?: string
    environment?: 'production' | 'staging'
    hostChange?: HostChange
  }) {
    const profile = this.editable(input.id)
    if (input.name !== undefined && input.name !== profile.name) this.ensureUniqueName(input.name)
    const moves = input.baseUrl !== undefined && input.baseUrl !== profile.baseUrl
    // Nothing changes until the new host has accepted the key: meanwhile every call still goes to the old one.
    const newKey = moves ? await this.checkMove(profile, input.baseUrl!, input.hostChange) : null
    if (newKey && input.hostChange) {
      await this.deps.keys.set(profile.id, newKey, input.hostChange.storage)
      profile.keyInKeychain = input.hostChange.storage === 'keychain'
      profile.keyLast4 = newKey.slice(-4)
    }
    const from = profile.baseUrl
    if (input.name !== undefined) profile.name = input.name
    if (input.baseUrl !== undefined) profile.baseUrl = input.baseUrl
    if (input.environment !== undefined) profile.environment = input.environment
    this.persist()
    const isActive = input.id === this.state.activeId
    if (moves) {
      this.deps.log.info('project moved to another host', { id: profile.id, from, to: profile.baseUrl })
      if (isActive) {
        const active = await this.active()
        for (const listener of this.hostListeners) listener(active)
      }
    }
    await this.changed(isActive)
    return this.toProject(profile, await this.deps.sandbox())
  }

  /**
   * A new host for a project with a key: the person must have confirmed this
   * very host, and the key (entered again, or the stored one) must be
   * accepted there before any other call carries it. Returns the key entered
   * again, if any, for the caller to store.
   */
  private async checkMove(profile: StoredProfile, to: string, change: HostChange | undefined) {
    const hasKey = profile.keyInKeychain || this.deps.keys.isSessionOnly(profile.id)
    if (!hasKey && !change?.apiKey) return null
    const fromHost = new URL(profile.baseUrl).host
    const toHost = new URL(to).host
    if (!change || change.confirmedBaseUrl !== to) {
      throw new AppError(
        'validation',
        `Moving "${profile.name}" from ${fromHost} to ${toHost} sends its API key to ${toHost}. ` +
          'Confirm the new host, then enter the key again or let the console check the stored key there first.',
        { fields: { baseUrl: [`Confirm the move to ${toHost} first`] } },
      )
    }
    const key = change.apiKey ?? (await this.deps.keys.require(profile.id, profile.name))
    await this.verify(to, key, change.onUnreachable)
    return change.apiKey ?? null
  }

  async setKey(input: { id: string; apiKey: string } & KeyOptions): Promise<Project> {
    const profile = this.editable(input.id)
    await this.verify(profile.baseUrl, input.apiKey, input.onUnreachable)
    await this.deps.keys.set(profile.id, input.apiKey, input.storage)
    profile.keyInKeychain = input.storage === 'keychain'
    profile.keyLast4 = input.apiKey.slice(-4)
    this.persist()
    await this.changed(input.id === this.state.activeId)
    return this.toProject(profile, await this.deps.sandbox())
  }

  async removeKey(id: string): Promise<Project> {
    const profile = this.editable(id)
    await this.deps.keys.remove(profile.id)
    profile.keyInKeychain = false
    profile.keyLast4 = null
    this.persist()
    await this.changed(id === this.state.activeId)
    return this.toProject(profile, await this.deps.sandbox())
  }

  async remove(id: string): Promise<ProjectList> {
    const profile = this.editable(id)
    await this.deps.keys.remove(profile.id)
    this.state.profiles = this.state.profiles.filter((p) => p.id !== id)
    const wasActive = this.state.activeId === id
    if (wasActive) this.state.activeId = SANDBOX_PROJECT_ID
    this.persist()
    // Its cached data goes with it; the person confirmed removing the project by name.
    rmSync(this.dataFolder(id), { recursive: true, force: true })
    return this.changed(wasActive)
  }

  async activate(id: string): Promise<ProjectList> {
    const profile = this.find(id)
    profile.lastUsedAt = this.now().toISOString()
    const switched = this.state.activeId !== id
    this.state.activeId = id
    this.persist()
    return this.changed(switched)
  }

  /** The active project with a way to get its key, for services that call Kapso. */
  async active(): Promise<ActiveProject> {
    const profile = this.find(this.state.activeId)
    const sandbox = await this.deps.sandbox()
    const project = this.toProject(profile, sandbox)
    return {
      project,
      baseUrl: project.baseUrl,
      dataFolder: this.dataFolder(profile.id),
      apiKey: async () =>
        profile.id === SANDBOX_PROJECT_ID ? sandbox.apiKey : this.deps.keys.require(profile.id, profile.name),
    }
  }

  /**
   * The active project now talks to another host (after the key was checked
   * there): capabilities that hold work in progress against the old host stop it.
   */
  onHostChange(listener: (active: ActiveProject) => void): () => void {
    this.hostListeners.add(listener)
    return () => this.hostListeners.delete(listener)
  }

  /** Services that hold per-project state (cache, sync, listen sessions) follow the switch. */
  onActiveChange(listener: (active: ActiveProject) => void): () => void {
    this.activeListeners.add(listener)
    return () => this.activeListeners.delete(listener)
  }

  dataFolder(id: string): string {
    return join(this.deps.dataDir, 'projects', id)
  }

  private async verify(baseUrl: string, apiKey: string, onUnreachable: 'ask' | 'save'): Promise<void> {
    const verdict = await this.deps.checkKey(baseUrl, apiKey)
    const host = new URL(baseUrl).host
    if (verdict.kind === 'rejected') {
      throw new AppError(
        'unauthorized',
        `This key was rejected by Kapso (${host}). Check that you copied the whole key and that it has not been revoked. Nothing was saved.`,
      )
    }
    if (verdict.kind === 'unreachable' && onUnreachable === 'ask') {
      throw new AppError(
        'offline',
        `Could not reach ${host} to check the key (${verdict.detail}). Save it anyway? It will be checked on first use.`,
      )
    }
  }

  private toProject(p: StoredProfile, sandbox: { url: string; apiKey: string }): Project {
    const isSandbox = p.id === SANDBOX_PROJECT_ID
    const storage =
      isSandbox || this.deps.keys.isSessionOnly(p.id) ? 'session' : p.keyInKeychain ? 'keychain' : 'none'
    const last4 = isSandbox ? sandbox.apiKey.slice(-4) : p.keyLast4
    return {
      id: p.id,
      name: p.name,
      baseUrl: isSandbox ? sandbox.url : p.baseUrl,
      environment: p.environment,
      builtIn: isSandbox,
      createdAt: p.createdAt,
      lastUsedAt: p.lastUsedAt,
      key: { storage, mask: last4 && storage !== 'none' ? maskKey(last4) : null },
    }
  }

  private find(id: string): StoredProfile {
    const profile = this.state.profiles.find((p) => p.id === id)
    if (!profile)
      throw new AppError('not_found', 'That project no longer exists. Pick another one from the list.')
    return profile
  }

  private editable(id: string): StoredProfile {
    const profile = this.find(id)
    if (profile.id === SANDBOX_PROJECT_ID) {
      throw new AppError('validation', 'The built-in Sandbox project cannot be changed or removed.')
    }
    return profile
  }

  private ensureUniqueName(name: string): void {
    if (this.state.profiles.some((p) => p.name.toLowerCase() === name.toLowerCase())) {
      throw new AppError('validation', `A project named "${name}" already exists. Pick another name.`, {
        fields: { name: ['A project with this name already exists'] },
      })
    }
  }

  private persist(): void {
    this.deps.profiles.save(this.state)
  }

  private async changed(activeSwitched: boolean): Promise<ProjectList> {
    const list = await this.list()
    this.deps.onChange?.(list)
    if (activeSwitched) {
      const active = await this.active()
      for (const listener of this.activeListeners) listener(active)
    }
    return list
  }
}
