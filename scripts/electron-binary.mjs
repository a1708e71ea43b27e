// Where the Electron binary is, if it is installed. Electron 45 downloads it
// from outside the npm registry on first use, so on registry-only machines it
// is missing; callers say so in words instead of a stack trace.
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

export const electronMissingMessage = `Electron's binary is not installed.

Why: the electron npm package fetches its binary from GitHub on first use,
and this machine could not reach it (only the npm registry is reachable here).

How to get it:
  - on a machine with internet access: npx install-electron
  - or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron 45 folder.

Meanwhile the same console runs in your browser:
  npm run preview:web
`
