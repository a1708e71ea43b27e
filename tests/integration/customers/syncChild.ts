// Child process for crash.test.ts: runs one sync pass into a database file and
// reports each stored page on stdout, until the parent kills it with SIGKILL.
import { runSyncPass } from '../../../src/main/customers/sync'
import { createKapsoClient } from '../../../src/main/kapso'
import { createLogger } from '../../../src/main/log/logger'
import { openDatabase } from '../../../src/main/store/database'
import { migrations } from '../../../src/main/store/migrations'

const [file, baseUrl, apiKey] = process.argv.slice(2) as [string, string, string]
const log = createLogger({ level: 'error' })
const db = openDatabase(file, migrations)
await runSyncPass({
  db,
  client: createKapsoClient({ baseUrl, apiKey, log }),
  log,
  now: () => new Date(),
  signal: new AbortController().signal,
  onProgress: (p) => process.stdout.write(`${JSON.stringify(p)}\n`),
  onChanged: () => {},
})
process.stdout.write('done\n')
