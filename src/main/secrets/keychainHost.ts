/**
 * The keychain helper: a child process that makes the @napi-rs/keyring calls
 * for main. The native binding ends its D-Bus wait in a synchronous select(),
 * which spins forever once the caller has an fd above FD_SETSIZE (1,024) and
 * cannot be interrupted; here it runs with this process's own small fd table,
 * and main kills and respawns the helper when it does not answer in time.
 *
 * Runs as an Electron utilityProcess in the app (RunAsNode is fused off) and
 * through child_process.fork under plain Node (tests, web preview), so it
 * speaks to whichever parent channel exists. It imports nothing of ours at
 * runtime: Node can run this very file from source (type stripping) in tests.
 */
import * as keytar from '@napi-rs/keyring/keytar.js'
import type { KeychainReply, KeychainRequest } from './keychainProtocol'

interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

const parentPort = (process as { parentPort?: ParentPortLike }).parentPort

async function answer(request: KeychainRequest): Promise<KeychainReply> {
  const { id, service } = request
  try {
    switch (request.op) {
      case 'get': {
        const value = await keytar.getPassword(service, request.account)
        // keytar answers null both for "no entry" and for "no keychain at all";
        // a listing throws in the second case, so "no key" stays honest.
        if (value === null) await keytar.findCredentials(service)
        return { id, ok: true, value }
      }
      case 'set':
        await keytar.setPassword(service, request.account, request.password)
        return { id, ok: true, value: null }
      case 'delete':
        return { id, ok: true, value: await keytar.deletePassword(service, request.account) }
      case 'accounts':
        return { id, ok: true, value: (await keytar.findCredentials(service)).map((c) => c.account) }
      case 'status':
        // A read-only call that touches the backend: it fails fast without a Secret Service.
        await keytar.findCredentials(service)
        return { id, ok: true, value: true }
    }
  } catch (error) {
    return { id, ok: false, message: error instanceof Error ? error.message : String(error) }
  }
}

const reply = (message: KeychainReply) => {
  if (parentPort) parentPort.postMessage(message)
  else process.send?.(message)
}

if (parentPort) parentPort.on('message', (event) => void answer(event.data as KeychainRequest).then(reply))
else process.on('message', (message) => void answer(message as KeychainRequest).then(reply))
// Under child_process.fork: when main goes, so does the helper.
process.on('disconnect', () => process.exit(0))
