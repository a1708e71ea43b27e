// Child process for crash.test.ts: runs one sync pass into a database file and
// reports each stored page on stdout, until the parent kills it with SIGKILL.
// `worker` as the 4th argument stores the pages through the data worker thread, as the app does.
import { runSyncPass } from '../../../src/main/customers/sync'
import { createKapsoClient } from '../../../src/main/kapso'
import { createLogger } from '../../../src/main/log/logger'
import { openDatabase } from '../../../src/main/store/database'
import { DataWorker } from '../../../src/main/store/dataWorkerClient'
import { migrations } from '../../../src/main/store/migrations'

const [file, baseUrl, apiKey, mode] = process.argv.slice(2) as [string, string, string, string?]
const log = createLogger({ level: 'error' })
const db = openDatabase(file, migrations)
const worker = mode === 'worker' ? new DataWorker(file) : null
await runSyncPass({
  db,
  ...(worker ? { storePage: (args) => worker.call('storePage', args) } : {}),
  client: createKapsoClient({ baseUrl, apiKey, log }),
  log,
  now: () => new Date(),
  signal: new AbortController().signal,
  onProgress: (p) => process.stdout.write(`${JSON.stringify(p)}\n`),
  onChanged: () => {},
})
await worker?.close()
process.stdout.write('done\n')
