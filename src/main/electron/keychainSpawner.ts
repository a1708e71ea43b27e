import { utilityProcess } from 'electron'
import type { KeychainReply, KeychainRequest } from '../secrets/keychainProtocol'
import type { KeychainSpawner } from '../secrets/processSecretStore'

/**
 * The keychain helper in the app: an Electron utilityProcess running
 * `out/main/keychainHost.js` (RunAsNode is fused off, so child_process.fork of
 * the app binary would not start Node). Its own process, its own fd table.
 */
export function electronKeychainSpawner(scriptPath: string): KeychainSpawner {
  return () => {
    const child = utilityProcess.fork(scriptPath, [], {
      serviceName: 'Kapso Console keychain',
      stdio: 'ignore',
    })
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
      onMessage: (listener) => child.on('message', (message: unknown) => listener(message as KeychainReply)),
      onExit: (listener) => child.once('exit', () => listener()),
      kill: () => {
        child.kill()
      },
    }
  }
}
