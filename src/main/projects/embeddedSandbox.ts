import type { Logger } from '../log/logger'
import { startSandbox } from '../sandbox/sandboxServer'
import type { SandboxProvider } from './projectsService'

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
      started ??= startSandbox({ port: 0, customers: options.customers ?? 250 })
      const sandbox = await started
      log.redactor.addSecret(sandbox.apiKey)
      return { url: sandbox.url, apiKey: sandbox.apiKey }
    },
    async close() {
      if (started) await (await started).close()
    },
  }
}
