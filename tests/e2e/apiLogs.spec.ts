import { randomUUID } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type APIRequestContext, test as base, expect, type Page } from '@playwright/test'
import { DEFAULT_SANDBOX_API_KEY } from '../../src/main/sandbox/sandboxServer'
import { type PreviewApp, startPreviewApp } from './support/previewApp'

/**
 * The API logs view and a customer's "Recent API errors" in the web preview
 * against the built-in Sandbox. Failed calls are made straight to the sandbox
 * with the project's key, as another integration of the customer would; offline
 * is the TEST ONLY relay (KAPSO_TEST_ONLY_SANDBOX_GATE_FILE) refusing connections.
 */
const test = base.extend<{ app: PreviewApp & { gateFile: string } }>({
  app: async ({ page }, use) => {
    const gateFile = join(process.env.TMPDIR ?? '/tmp', `kapso-e2e-logs-gate-${process.pid}-${Date.now()}`)
    const app = await startPreviewApp({ KAPSO_TEST_ONLY_SANDBOX_GATE_FILE: gateFile })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await use({ ...app, gateFile })
    const seen = [...errors]
    await page.goto('about:blank').catch(() => {})
    rmSync(gateFile, { force: true })
    await app.stop()
    if (seen.length) throw new Error(`The page reported errors:\n${seen.join('\n')}`)
  },
})

async function sandboxOf(page: Page) {
  return page.evaluate(async () => {
    const list = await window.kapso!['projects.list']()
    if (!list.ok) throw new Error(list.error.message)
    const customers = await window.kapso!['customers.query']({ search: 'Acme Corp', limit: 1 })
    if (!customers.ok) throw new Error(customers.error.message)
    const active = list.data.projects.find((p) => p.id === list.data.activeId)!
    return { url: active.baseUrl, customer: customers.data.rows[0]! }
  })
}

async function call(request: APIRequestContext, url: string, method: string, path: string, data?: unknown) {
  const res = await request.fetch(`${url}/platform/v1${path}`, {
    method,
    headers: { 'X-API-Key': DEFAULT_SANDBOX_API_KEY, 'Content-Type': 'application/json' },
    ...(data === undefined ? {} : { data }),
  })
  return res.status()
}

async function shots(page: Page, name: string) {
  for (const [w, h] of [
    [1280, 800],
    [1024, 640],
  ] as const) {
    await page.setViewportSize({ width: w, height: h })
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      await page.screenshot({ path: `test-results/${name}-${w}x${h}-${scheme}.png` })
    }
  }
  await page.emulateMedia({ colorScheme: 'light' })
  await page.setViewportSize({ width: 1280, height: 800 })
}

test('API logs: newest first, filters, offline "as of", and a customer’s recent API errors', async ({
  page,
  app,
  request,
}) => {
  await page.goto(app.url)
  await expect(page.getByTestId('sync-status')).toContainText('Last synced', { timeout: 30_000 })
  const { url, customer } = await sandboxOf(page)
  expect(
    await call(request, url, 'POST', `/customers/${customer.id}/setup_links`, { setup_link: 'nope' }),
  ).toBe(422)
  expect(await call(request, url, 'GET', `/customers/${randomUUID()}`)).toBe(404)

  await page.keyboard.press('Control+5')
  await expect(page.getByRole('heading', { name: 'API logs', level: 1 })).toBeVisible()
  const rows = page.getByTestId('api-log-row')
  await expect(rows.first()).toBeVisible()
  await expect(page.getByTestId('api-log-asof')).toContainText(/as of \d{1,2}:\d\d/) // any hour: "1:01 AM" and "13:01" both
  // Newest first: the two failed calls were the last ones made before the view's own refresh.
  await expect(page.getByTestId('api-log-count')).toContainText(/\d+ calls/)

  await page.getByLabel('Errors only').check()
  await expect(rows.first()).toContainText('404')
  await expect(rows.nth(1)).toContainText('422')
  await expect(rows.nth(1)).toContainText(`/customers/${customer.id}/setup_links`)

  await page.getByLabel('Endpoint').fill('/setup_links')
  await expect(page.getByTestId('api-log-count')).toHaveText('1 call')
  await expect(rows.first()).toContainText('POST')
  await page.getByLabel('Endpoint').fill('')
  await page.getByLabel('Status').fill('404')
  await expect(page.getByTestId('api-log-count')).toHaveText('1 call')
  await page.getByLabel('Status').fill('4x')
  await expect(page.getByText('A status is three digits')).toBeVisible()
  await page.getByLabel('Status').fill('')
  await page.getByLabel('Period').selectOption('7d')
  await expect(page.getByTestId('api-log-count')).toHaveText('2 calls')
  await page.getByLabel('Endpoint').fill('/no/such/endpoint')
  await expect(page.getByText('No call matches')).toBeVisible()
  await page.getByLabel('Endpoint').fill('')
  await expect(page.getByTestId('api-log-count')).toHaveText('2 calls')
  await shots(page, 'api-logs')

  // Offline: what was seen stays, with its time.
  writeFileSync(app.gateFile, 'closed') // TEST ONLY: the sandbox becomes unreachable
  await page.waitForTimeout(400)
  await page.getByRole('button', { name: 'Refresh' }).click()
  await expect(page.getByTestId('api-log-stale')).toContainText(
    /Kapso cannot be reached: showing the API logs seen here as of/,
    {
      timeout: 20_000,
    },
  )
  await expect(rows).toHaveCount(2)
  await page.screenshot({ path: 'test-results/api-logs-offline.png' })
  rmSync(app.gateFile) // TEST ONLY: reachable again
  await page.waitForTimeout(400)

  // The customer's detail lists its failed call.
  await page.keyboard.press('Control+1')
  await page.getByTestId('customer-search').fill(customer.name)
  await page.getByTestId('customer-grid').getByRole('option').first().click()
  const section = page.getByTestId('customer-api-errors')
  await expect(section.getByTestId('customer-api-error')).toHaveCount(1, { timeout: 15_000 })
  await expect(section.getByTestId('customer-api-error')).toContainText(
    `422 POST /customers/${customer.id}/setup_links`,
  )
  await section.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/customer-api-errors.png' })
})
