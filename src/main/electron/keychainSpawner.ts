import type { UtilityProcess } from 'electron'
import type { KeychainReply, KeychainRequest } from '../secrets/keychainProtocol'
import type { KeychainSpawner } from '../secrets/processSecretStore'

/** Exactly what is used of Electron's `utilityProcess` (handed in, so a typed stand-in can test it). */
export interface UtilityProcessModule {
  fork(modulePath: string, args: string[], options: { serviceName: string; stdio: 'ignore' }): UtilityChild
}
export type UtilityChild = Pick<UtilityProcess, 'postMessage' | 'kill'> & {
  on(event: 'message', listener: (message: unknown) => void): unknown
  once(event: 'spawn' | 'exit', listener: () => void): unknown
}

/**
 * The keychain helper in the app: an Electron utilityProcess running
 * `out/main/keychainHost.js` (RunAsNode is fused off, so child_process.fork of
 * the app binary would not start Node). Its own process, its own fd table.
 */
export function electronKeychainSpawner(utility: UtilityProcessModule, scriptPath: string): KeychainSpawner {
  return () => {
    const child = utility.fork(scriptPath, [], { serviceName: 'Kapso Console keychain', stdio: 'ignore' })
    // Requests made before the process is up wait here, then go in order.
    let queue: KeychainRequest[] | null = []
    child.once('spawn', () => {
      for (const request of queue ?? []) child.postMessage(request)
      queue = null
    })
    return {
      send: (request) => {
        if (queue) queue.push(request)
        else child.postMessage(request)
      },
      onMessage: (listener) => {
        child.on('message', (message) => listener(message as KeychainReply))
      },
      onExit: (listener) => {
        child.once('exit', () => listener())
      },
      kill: () => {
        child.kill()
      },
    }
  }
}
