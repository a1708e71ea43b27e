import { fork } from 'node:child_process'
import type { KeychainReply } from './keychainProtocol'
import type { KeychainSpawner } from './processSecretStore'

/**
 * The keychain helper under plain Node (tests, web preview): `child_process.fork`
 * of `out/main/keychainHost.js`, or of the TypeScript source, which Node 24 runs
 * as is. The child does not inherit main's descriptors (libuv opens them
 * close-on-exec), so its fd numbers stay low whatever main has open.
 */
export function nodeKeychainSpawner(scriptPath: string): KeychainSpawner {
  return () => {
    const child = fork(scriptPath, [], {
      // No loader flags of the parent (a test runner's) in the helper.
      execArgv: ['--disable-warning=ExperimentalWarning'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'json',
    })
    // The helper never keeps main alive; a pending request's timer does while it waits.
    child.unref()
    child.channel?.unref()
    return {
      send: (request) => {
        if (!child.connected) throw new Error('keychain helper channel closed')
        child.send(request)
      },
      onMessage: (listener) => child.on('message', (message) => listener(message as KeychainReply)),
      onExit: (listener) => {
        child.once('exit', () => listener())
        child.once('error', () => listener())
      },
      kill: () => {
        child.kill('SIGKILL')
      },
    }
  }
}
