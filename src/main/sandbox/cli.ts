import { parseArgs } from 'node:util'
import { DEFAULT_SANDBOX_API_KEY, META_BASE_PATH, PLATFORM_BASE_PATH, startSandbox } from './sandboxServer'

/**
 * `npm run sandbox -- --port N --customers N [--rate-limit N] [--api-key K]`:
 * the sandbox under plain Node. Prints the URL and key, then a JSON line for harnesses.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.KAPSO_SANDBOX_PORT ?? '5179' },
    customers: { type: 'string', default: '250' },
    'rate-limit': { type: 'string' },
    'api-key': { type: 'string', default: process.env.KAPSO_SANDBOX_API_KEY ?? DEFAULT_SANDBOX_API_KEY },
  },
})

const sandbox = await startSandbox({
  port: Number(values.port),
  customers: Number(values.customers),
  apiKey: values['api-key'],
  rateLimitPerMinute: values['rate-limit'] ? Number(values['rate-limit']) : null,
})

process.stdout.write(
  `\nKapso sandbox (loopback only)\n  Platform API: ${sandbox.url}${PLATFORM_BASE_PATH}\n  Meta proxy:   ${sandbox.url}${META_BASE_PATH}\n  API key:      ${sandbox.apiKey}\n  Customers:    ${sandbox.store.customers.size}\n\n`,
)
process.stdout.write(
  `${JSON.stringify({ sandboxUrl: sandbox.url, apiKey: sandbox.apiKey, projectId: sandbox.projectId })}\n`,
)

const stop = async () => {
  await sandbox.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
