import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base } from '@playwright/test'

export interface PreviewApp {
  url: string
  origin: string
  dataDir: string
  process: ChildProcess
}

/**
 * Starts the built web preview (`out/main/preview.js`) as its own process with
 * a fresh data folder, the way a developer runs it, and stops it afterwards.
 */
export async function startPreviewApp(
  extraEnv: Record<string, string> = {},
): Promise<PreviewApp & { stop(): Promise<void> }> {
  if (!existsSync('out/main/preview.js')) {
    throw new Error(
      'out/main/preview.js is missing: run "npm run build" before the E2E tests (npm test does).',
    )
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'kapso-e2e-'))
  const child = spawn(
    process.execPath,
    ['out/main/preview.js', '--port', '0', '--data-dir', dataDir, '--check-output'],
    {
      env: { ...process.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stderr = ''
  child.stderr?.on('data', (chunk) => {
    stderr += chunk
  })
  const info = await new Promise<{ previewUrl: string; origin: string }>((resolve, reject) => {
    let buffer = ''
    const timer = setTimeout(() => reject(new Error(`preview did not start in 20 s:\n${stderr}`)), 20_000)
    child.stdout?.on('data', (chunk) => {
      buffer += chunk
      const line = buffer.split('\n').find((l) => l.startsWith('{"previewUrl"'))
      if (line) {
        clearTimeout(timer)
        resolve(JSON.parse(line))
      }
    })
    child.once('exit', (code) => reject(new Error(`preview exited with ${code}:\n${stderr}`)))
  })
  return {
    url: info.previewUrl,
    origin: info.origin,
    dataDir,
    process: child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export const test = base.extend<{ app: PreviewApp }>({
  app: async ({ page }, use) => {
    const app = await startPreviewApp()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await use(app)
    // What the test caused; then leave the page, so the bridge does not report its own
    // reconnect attempts to a preview server that the teardown is stopping.
    const seen = [...errors]
    await page.goto('about:blank').catch(() => {})
    await app.stop()
    // A CSP violation or an uncaught error in the page fails the test that caused it.
    if (seen.length) throw new Error(`The page reported errors:\n${seen.join('\n')}`)
  },
})

export { expect } from '@playwright/test'
