import type { KeychainStatus } from '../../shared/app/about'
import { AppError } from '../../shared/ipc/errors'
import type { Logger } from '../log/logger'
import {
  explainKeychainFailure,
  keychainBackendName,
  keychainError,
  keychainTimeoutError,
} from './keychainErrors'
import type { KeychainOp, KeychainReply, KeychainRequest } from './keychainProtocol'
import { KEYCHAIN_SERVICE, type SecretStore } from './secretStore'

/** One running keychain helper, whatever started it (utilityProcess in Electron, fork under Node). */
export interface KeychainChild {
  send(request: KeychainRequest): void
  onMessage(listener: (reply: KeychainReply) => void): void
  onExit(listener: () => void): void
  kill(): void
}

/** Starts a keychain helper; a host capability, so the core never imports Electron. */
export type KeychainSpawner = () => KeychainChild

export interface ProcessSecretStore extends SecretStore {
  /** Stops the helper (quit); a later call starts a new one. */
  close(): void
}

interface Pending {
  resolve(value: KeychainReply & { ok: true }): void
  reject(error: AppError): void
  timer: ReturnType<typeof setTimeout>
}

/**
 * The OS keychain through a helper process: main never makes a native
 * keychain call, so a stuck Secret Service or a select() over a high fd
 * (the binding spins forever above FD_SETSIZE) cannot freeze it. A request
 * that gets no answer in `timeoutMs` fails as `keychain_unavailable`, and the
 * helper is killed — a native call stuck in select() cannot be interrupted,
 * but a process can — so the next call starts a fresh one.
 */
export function createProcessSecretStore(options: {
  spawn: KeychainSpawner
  service?: string
  /** Long enough for a person to answer an unlock prompt. */
  timeoutMs?: number
  log?: Logger
}): ProcessSecretStore {
  const service = options.service ?? KEYCHAIN_SERVICE
  const timeoutMs = options.timeoutMs ?? 20_000
  const backend = keychainBackendName()
  let child: KeychainChild | null = null
  let nextId = 1
  const pending = new Map<number, Pending>()

  const failAll = (error: AppError) => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer)
      pending.delete(id)
      p.reject(error)
    }
  }

  const stop = (current: KeychainChild) => {
    if (child === current) child = null
    try {
      current.kill()
    } catch {
      // Already gone.
    }
  }

  const start = (): KeychainChild => {
    if (child) return child
    let current: KeychainChild
    try {
      current = options.spawn()
    } catch (error) {
      throw new AppError(
        'keychain_unavailable',
        'The console could not start its keychain helper. Reinstall the console, then try again.',
        { cause: error },
      )
    }
    current.onMessage((reply) => {
      const p = pending.get(reply.id)
      if (!p) return // An answer to a request already given up on.
      pending.delete(reply.id)
      clearTimeout(p.timer)
      if (reply.ok) p.resolve(reply)
      else p.reject(keychainError(new Error(reply.message)))
    })
    current.onExit(() => {
      if (child !== current) return
      child = null
      failAll(
        new AppError(
          'keychain_unavailable',
          'The keychain helper stopped before it answered. Try again; if it keeps happening, restart the console.',
        ),
      )
    })
    child = current
    return current
  }

  const request = (op: KeychainOp): Promise<KeychainReply & { ok: true }> =>
    new Promise((resolve, reject) => {
      let current: KeychainChild
      try {
        current = start()
      } catch (error) {
        reject(error)
        return
      }
      const id = nextId++
      const timer = setTimeout(() => {
        // Everything queued behind the stuck call dies with the helper.
        options.log?.warn('keychain: no answer in time, restarting its helper process', {
          op: op.op,
          timeoutMs,
        })
        stop(current)
        failAll(keychainTimeoutError(timeoutMs))
      }, timeoutMs)
      pending.set(id, { resolve, reject, timer })
      try {
        current.send({ ...op, id, service })
      } catch {
        pending.delete(id)
        clearTimeout(timer)
        stop(current)
        reject(new AppError('keychain_unavailable', 'The keychain helper could not be reached. Try again.'))
      }
    })

  return {
    backend,
    async getPassword(account) {
      const reply = await request({ op: 'get', account })
      return typeof reply.value === 'string' ? reply.value : null
    },
    async setPassword(account, password) {
      await request({ op: 'set', account, password })
    },
    async deletePassword(account) {
      return (await request({ op: 'delete', account })).value === true
    },
    async findAccounts() {
      const { value } = await request({ op: 'accounts' })
      return Array.isArray(value) ? value : []
    },
    async status(): Promise<KeychainStatus> {
      try {
        await request({ op: 'status' })
        return { state: 'available', backend }
      } catch (error) {
        const reason =
          error instanceof AppError && error.code === 'keychain_unavailable'
            ? error.message
            : explainKeychainFailure(error)
        return { state: 'unavailable', backend, reason }
      }
    },
    close() {
      if (child) stop(child)
      failAll(new AppError('cancelled', 'The console is closing.'))
    },
  }
}
