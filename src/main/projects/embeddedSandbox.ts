import type { Logger } from '../log/logger'
import type { FaultSpec } from '../sandbox/faults'
import { startSandbox } from '../sandbox/sandboxServer'
import type { SandboxProvider } from './projectsService'

/**
 * TEST ONLY. A JSON array of sandbox faults (src/main/sandbox/faults.ts, string
 * paths only) injected into the built-in Sandbox when it starts, so an E2E test
 * of the built app can make it answer as the real API might (e.g. one
 * unreadable list item). Never set in the app.
 */
export const TEST_FAULTS_ENV = 'KAPSO_TEST_ONLY_SANDBOX_FAULTS'

/**
 * The built-in "Sandbox" project talks to a Kapso-compatible server inside the
 * app, started on first need on a free loopback port, so a new user sees a
 * working console before entering any key.
 */
export function createEmbeddedSandbox(
  log: Logger,
  options: { customers?: number } = {},
): { provider: SandboxProvider; close(): Promise<void> } {
  let started: ReturnType<typeof startSandbox> | null = null
  return {
    provider: async () => {
      started ??= startSandbox({ port: 0, customers: options.customers ?? 250 }).then((sandbox) => {
        const faults = process.env[TEST_FAULTS_ENV]
        if (faults) {
          log.warn('built-in sandbox: test faults injected', { env: TEST_FAULTS_ENV })
          for (const spec of JSON.parse(faults) as FaultSpec[]) sandbox.faults.inject(spec)
        }
        return sandbox
      })
      const sandbox = await started
      log.redactor.addSecret(sandbox.apiKey)
      return { url: sandbox.url, apiKey: sandbox.apiKey }
    },
    async close() {
      if (started) await (await started).close()
    },
  }
}
