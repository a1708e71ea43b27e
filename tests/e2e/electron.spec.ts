import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { findElectronBinary } from '../../scripts/electron-binary.mjs'

/**
 * Launches the real Electron app. Runs wherever the Electron binary is
 * installed; on machines that reach only the npm registry it cannot be, and
 * the test says so in one line instead of passing silently.
 */
const binary: string | null = findElectronBinary()
if (!binary) {
  console.log(
    'electron.spec: skipped: no Electron binary (it is downloaded from outside the npm registry; run `npx install-electron` where that is reachable).',
  )
}

test.describe('Electron app', () => {
  test.skip(!binary, 'no Electron binary on this machine')

  test('opens on the About screen with a sandboxed, isolated renderer', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kapso-electron-'))
    const app = await electron.launch({
      executablePath: binary!,
      args: ['out/main/index.js'],
      env: { ...process.env, KAPSO_DATA_DIR: dataDir } as Record<string, string>,
    })
    try {
      const page = await app.firstWindow()
      await page.getByRole('button', { name: /Settings/ }).click()
      await expect(page.getByTestId('about-version')).toContainText('Kapso Console')
      await expect(page.getByTestId('about-data-dir')).toHaveText(dataDir)
      await expect(page.getByTestId('about')).toContainText('Electron')
      // The page has no Node and no ipcRenderer: only the contract's bridge.
      const surface = await page.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        transport: window.kapso?.transport,
      }))
      expect(surface).toEqual({ require: 'undefined', process: 'undefined', transport: 'electron' })
      const refused = await page.evaluate(() =>
        (window.kapso as unknown as Record<string, (i: unknown) => Promise<unknown>>)['app.getAbout']!({
          x: 1,
        }),
      )
      expect(refused).toMatchObject({ ok: false, error: { code: 'validation' } })
      // Navigation away from the app is blocked.
      await page.evaluate(() => {
        location.href = 'https://example.com/'
      })
      await page.waitForTimeout(300)
      expect(page.url()).toMatch(/^app:\/\/bundle\//)
    } finally {
      await app.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
