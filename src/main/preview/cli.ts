import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createCore } from '../core/createCore'
import { appName, appVersion } from '../core/packageInfo'
import { createLogger } from '../log/logger'
import { raiseFdLimit } from '../net/fdLimit'
import { nodeKeychainSpawner } from '../secrets/nodeKeychainSpawner'
import { createProcessSecretStore } from '../secrets/processSecretStore'
import { restrictUmask } from '../store/privateFiles'
import { startPreviewServer } from './previewServer'

/**
 * `npm run preview:web`: the same core under plain Node, the built renderer in
 * any browser. Prints the URL (with this launch's token) and a JSON line for
 * test harnesses.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.KAPSO_PREVIEW_PORT ?? '5178' },
    'data-dir': { type: 'string', default: process.env.KAPSO_DATA_DIR },
    'check-output': { type: 'boolean', default: false },
  },
})

// Before the logger and the core write anything: new files 0600, folders 0700.
restrictUmask()

const here = dirname(fileURLToPath(import.meta.url))
const rendererDir = resolve(here, '../renderer')
const dataDir = values['data-dir'] ? resolve(values['data-dir']) : join(homedir(), '.kapso-console-preview')
const log = createLogger({ file: join(dataDir, 'logs', 'preview.log'), level: 'info' })
// Best-effort headroom for sockets, SQLite and child pipes (see fdLimit.ts); logged, never fatal.
await raiseFdLimit(log)
const core = createCore({
  appName,
  appVersion,
  dataDir,
  // Built next to this file as out/main/keychainHost.js; keychain calls run there, never here.
  secrets: createProcessSecretStore({ spawn: nodeKeychainSpawner(join(here, 'keychainHost.js')), log }),
  log,
  electronVersion: null,
})

async function start(port: number) {
  try {
    return await startPreviewServer({ core, rendererDir, port, checkOutput: values['check-output'] })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' && port !== 0) {
      process.stderr.write(`Port ${port} is busy; using a free one instead.\n`)
      return startPreviewServer({ core, rendererDir, port: 0, checkOutput: values['check-output'] })
    }
    throw error
  }
}

const server = await start(Number(values.port))
log.info('web preview started', { origin: server.origin, dataDir })
process.stdout.write(
  `\nKapso Console web preview (loopback only, development aid)\n  Open: ${server.url}\n  Data: ${dataDir}\n\n`,
)
process.stdout.write(`${JSON.stringify({ previewUrl: server.url, origin: server.origin, dataDir })}\n`)

const stop = async () => {
  await server.close()
  await core.dispose()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
