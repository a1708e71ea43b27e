/**
 * `npm run dev` and `npm start` on a machine without the Electron binary: one
 * clear message with the download's real reason, no stack trace. The download
 * is real (electron's own install.js) but aimed, through ELECTRON_MIRROR, at a
 * loopback port nothing listens on, so it fails the same way on any machine.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'

let dir: string
let closedPort: number

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kapso-electron-missing-'))
  // A port that was free a moment ago: connecting to it is refused.
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  closedPort = typeof address === 'object' && address ? address.port : 0
  await new Promise<void>((resolve) => server.close(() => resolve()))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test.each(['dev', 'start'])(
  'npm run %s without the binary prints the one message with the real reason',
  (script) => {
    const result = spawnSync('npm', ['run', '--silent', script], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        // An empty folder: "no binary here", whatever this machine has installed.
        ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'no-electron'),
        ELECTRON_MIRROR: `http://127.0.0.1:${closedPort}/`,
        electron_config_cache: join(dir, 'cache'),
      },
    })
    const output = `${result.stdout}\n${result.stderr}`
    expect(result.status, output).toBe(1)
    expect(output).toContain("Electron's binary is not installed.")
    expect(output).toContain('ECONNREFUSED')
    expect(output).toContain('npm run preview:web')
    expect(output, 'no stack trace').not.toMatch(/^\s+at /m)
  },
)
