import { createHmac } from 'node:crypto'
import { join } from 'node:path'
import { createCore } from '../../../src/main/core/createCore'
import { dispatch } from '../../../src/main/ipc/dispatch'
import { createLogger } from '../../../src/main/log/logger'
import { type Sandbox, startSandbox } from '../../../src/main/sandbox/sandboxServer'
import { createMemorySecretStore } from '../../../src/main/secrets/memorySecretStore'
import type { ListenStatus } from '../../../src/shared/webhooks/session'
import { tempDataDir } from '../../support/tempDir'

// biome-ignore lint/suspicious/noExplicitAny: tests read results loosely
export type Json = any

/**
 * The whole core under Node with a listen session on the embedded sandbox:
 * its receiver is the port Kapso and the tunnel reach, and it serves the
 * redirect catcher's pages. Calls go through `dispatch`, the IPC path.
 */
export async function listeningCore() {
  const sandbox: Sandbox = await startSandbox({ customers: 2, webhookRetryDelaysMs: [50, 100, 150] })
  const data = tempDataDir('kapso-hostile-')
  const logFile = join(data.dir, 'logs', 'test.log')
  const log = createLogger({ file: logFile, level: 'info' })
  const core = createCore({
    appName: 'Kapso Console',
    appVersion: '0.0.0-test',
    dataDir: data.dir,
    secrets: createMemorySecretStore(),
    log,
    sandbox: async () => ({ url: sandbox.url, apiKey: sandbox.apiKey }),
  })
  const call = async <T = Json>(name: string, input: unknown = {}): Promise<T> => {
    const result = await dispatch(core.handlers, log, name, input, { checkOutput: true, origin: 'test' })
    if (!result.ok)
      throw Object.assign(new Error(`${result.error.code}: ${result.error.message}`), result.error)
    return result.data as T
  }
  const status = await call<ListenStatus>('webhooks.startListening', {})
  if (status.state !== 'listening' || !status.webhookUrl) throw new Error('the listen session did not start')
  const receiverOrigin = core.webhooks.receiverOrigin
  const sessionPath = new URL(status.webhookUrl).pathname
  const port = Number(new URL(receiverOrigin).port)
  return {
    sandbox,
    core,
    call,
    logFile,
    dir: data.dir,
    receiverOrigin,
    port,
    sessionPath,
    /** Signs with the running session's secret, as Kapso does. */
    sign: (body: Buffer | string) =>
      createHmac('sha256', core.webhooks.sessionSecrets()[0]!).update(body).digest('hex'),
    async close() {
      await core.dispose()
      await sandbox.close()
      data.remove()
    },
  }
}
