import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { createCore } from '../../../src/main/core/createCore'
import { startTestGate, type TestGate } from '../../../src/main/customers/testNetworkGate'
import { dispatch } from '../../../src/main/ipc/dispatch'
import { createLogger } from '../../../src/main/log/logger'
import { type Sandbox, type SandboxOptions, startSandbox } from '../../../src/main/sandbox/sandboxServer'
import { createMemorySecretStore } from '../../../src/main/secrets/memorySecretStore'
import type { SetupLinkHost } from '../../../src/main/setupLinks/host'
import type { AppErrorData } from '../../../src/shared/ipc/errors'
import { tempDataDir } from '../../support/tempDir'

/**
 * The whole core under Node against a real sandbox on loopback, reached
 * through a relay that can be closed (a real refused connection = offline).
 * Calls go through `dispatch`, the path IPC takes, with output checking on.
 */
export interface World {
  sandbox: Sandbox
  core: ReturnType<typeof createCore>
  events: Array<{ event: string; item: unknown }>
  call<T = Json>(name: string, input?: unknown): Promise<T>
  refused(name: string, input?: unknown): Promise<AppErrorData>
  /** Resolve once the relay has noticed (it polls its flag every 100 ms). */
  offline(): Promise<void>
  online(): Promise<void>
}

// biome-ignore lint/suspicious/noExplicitAny: tests read results loosely
export type Json = any

export async function startWorld(
  options: SandboxOptions & { host?: SetupLinkHost; redirectConfirmDelaysMs?: number[] } = {},
): Promise<World & { close(): Promise<void> }> {
  const sandbox = await startSandbox({ customers: 20, ...options })
  const data = tempDataDir('kapso-links-')
  const flag = join(data.dir, 'gate-closed')
  const gate: TestGate = await startTestGate(sandbox.url, flag)
  const log = createLogger({ file: join(data.dir, 'logs', 'test.log'), level: 'info' })
  const core = createCore({
    appName: 'Kapso Console',
    appVersion: '0.0.0-test',
    dataDir: data.dir,
    secrets: createMemorySecretStore(),
    log,
    sandbox: async () => ({ url: gate.url, apiKey: sandbox.apiKey }),
    ...(options.host ? { setupLinkHost: options.host } : {}),
    ...(options.redirectConfirmDelaysMs ? { redirectConfirmDelaysMs: options.redirectConfirmDelaysMs } : {}),
  })
  const events: World['events'] = []
  core.events.subscribe((event, items) => {
    for (const item of items) events.push({ event, item })
  })
  const call = async <T = Json>(name: string, input: unknown = {}): Promise<T> => {
    const result = await dispatch(core.handlers, log, name, input, { checkOutput: true, origin: 'test' })
    if (!result.ok)
      throw Object.assign(new Error(`${result.error.code}: ${result.error.message}`), result.error)
    return result.data as T
  }
  const refused = async (name: string, input: unknown = {}) => {
    const result = await dispatch(core.handlers, log, name, input, { checkOutput: true, origin: 'test' })
    if (result.ok) throw new Error(`${name} was accepted: ${JSON.stringify(result.data).slice(0, 300)}`)
    return result.error
  }
  return {
    sandbox,
    core,
    events,
    call,
    refused,
    offline: async () => {
      writeFileSync(flag, '')
      await new Promise((r) => setTimeout(r, 300))
    },
    online: async () => {
      rmSync(flag, { force: true })
      await new Promise((r) => setTimeout(r, 300))
    },
    async close() {
      await core.dispose()
      await gate.close()
      await sandbox.close()
      data.remove()
    },
  }
}

/** Decodes a `data:image/png;base64,…` QR the way a phone camera would read the pixels. */
export function decodeQr(dataUrl: string): string | null {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'))
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null
}

export { until } from '../../support/until'

/** A customer completes the sandbox's setup page with a number, as a person would. */
export async function completeSignup(url: string, displayPhoneNumber: string): Promise<number> {
  const res = await fetch(`${url}/complete`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ display_phone_number: displayPhoneNumber }),
  })
  return res.status
}
