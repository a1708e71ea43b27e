// Where the Electron binary is, if it is installed. Electron 45 downloads it
// from outside the npm registry on first use, so on registry-only machines it
// is missing; callers say so in words instead of a stack trace.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const electronDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'electron')

export function findElectronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = join(
      process.env.ELECTRON_OVERRIDE_DIST_PATH,
      process.platform === 'win32' ? 'electron.exe' : 'electron',
    )
    return existsSync(candidate) ? candidate : null
  }
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const full = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(full) ? full : null
}

/**
 * Runs electron's own install.js once and returns why it failed, in one line:
 * the network error's cause when the download could not start ("ENOTFOUND"),
 * else the first line install.js printed (an HTTP status, a checksum mismatch).
 */
export function fetchElectronBinary({ timeoutMs = 120_000, env = process.env } = {}) {
  const result = spawnSync(
    process.execPath,
    [
      '--require',
      join(dirname(fileURLToPath(import.meta.url)), 'electron-fetch-reason.cjs'),
      join(electronDir, 'install.js'),
    ],
    { encoding: 'utf8', timeout: timeoutMs, env, stdio: ['ignore', 'ignore', 'pipe'] },
  )
  if (result.status === 0 && findElectronBinary()) return { ok: true, reason: null }
  return { ok: false, reason: failureReason(result) }
}

/** One line out of what install.js left behind. Exported for tests/unit/scripts/electronBinary.test.ts. */
export function failureReason({ error, signal, status, stderr }) {
  if (error?.code === 'ETIMEDOUT' || signal === 'SIGTERM')
    return 'the download did not finish within 2 minutes'
  if (error) return `install.js could not run: ${error.message}`
  const lines = (stderr ?? '').split('\n').map((l) => l.trim())
  const marked = lines.find((l) => l.startsWith('KAPSO_FETCH_FAILURE '))
  if (marked) return marked.slice('KAPSO_FETCH_FAILURE '.length)
  const first = lines.find((l) => l && !l.startsWith('at '))
  if (first) return first
  return status === 0
    ? 'install.js finished but left no binary behind'
    : `install.js exited with status ${status}`
}

export function electronMissingMessage(reason) {
  return `Electron's binary is not installed.

Why: the electron npm package fetches its binary from GitHub on first use,
and that download failed here: ${reason ?? 'it was not attempted'}.

How to get it:
  - on a machine with internet access: npx install-electron
  - or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron 45 folder.

Meanwhile the same console runs in your browser:
  npm run preview:web
`
}

/**
 * For \`npm start\` and \`npm run dev\`: returns when the binary is there (fetching
 * it once if need be), else prints the one message above and exits 1.
 */
export function requireElectronBinary() {
  if (findElectronBinary()) return
  console.log('Electron binary not found; trying to fetch it once (this needs internet access)…')
  const fetched = fetchElectronBinary()
  if (fetched.ok) return
  console.error(`\n${electronMissingMessage(fetched.reason)}`)
  process.exit(1)
}
