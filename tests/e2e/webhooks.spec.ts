import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { DEFAULT_SANDBOX_API_KEY } from '../../src/main/sandbox/sandboxServer'
import { closeTab } from './support/closeTab'
import { expect, test } from './support/previewApp'
import { screenshotPath } from './support/screenshotPath'

const sh = promisify(execFile)

/** The embedded sandbox of the preview (the Sandbox project), as the page's own bridge reports it. */
async function sandboxUrl(page: import('@playwright/test').Page): Promise<string> {
  return page.evaluate(async () => {
    const result = await window.kapso!['projects.list']()
    if (!result.ok) throw new Error(result.error.message)
    return result.data.projects.find((p) => p.builtIn)!.baseUrl
  })
}

async function sandboxApi(base: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/platform/v1${path}`, {
    method,
    headers: { 'X-API-Key': DEFAULT_SANDBOX_API_KEY, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`)
  // biome-ignore lint/suspicious/noExplicitAny: the test reads API bodies loosely
  return ((await res.json()) as any).data
}

test('listen in the Sandbox project, complete a signup, see the signed event live, filter, open, copy as curl', async ({
  page,
  app,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin })
  await page.goto(app.url)
  await page.keyboard.press('Control+3')
  await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible()
  await expect(page.getByText('No webhook events yet')).toBeVisible()

  await expect(page.getByLabel('Tunnel')).toHaveValue('direct')
  await page.getByRole('button', { name: 'Start listening' }).click()
  await expect(page.getByTestId('listen-state')).toHaveText('Listening')
  await expect(page.getByTestId('listen-health')).toContainText('127.0.0.1:')

  // A tenant completes the signup on the sandbox's setup page, in a browser tab of its own.
  const base = await sandboxUrl(page)
  const customer = await sandboxApi(base, 'POST', '/customers', { customer: { name: 'Harbour Bakery' } })
  const link = await sandboxApi(base, 'POST', `/customers/${customer.id}/setup_links`, { setup_link: {} })
  const setupPage = await context.newPage()
  await setupPage.goto(link.url)
  await setupPage.getByRole('button', { name: 'Complete signup' }).click()
  await closeTab(setupPage)

  // It appears live, verified.
  const row = page.locator('[role="option"][data-event-type="whatsapp.phone_number.created"]')
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('Valid')
  await expect(page.getByTestId('last-event')).not.toHaveText('none yet')

  // Kapso's test delivery (a sample of the webhook's first event), so the filters have something to leave out.
  await page.getByRole('button', { name: 'Send test event' }).click()
  await expect(page.locator('[role="option"]')).toHaveCount(2)

  await page.getByTestId('filter-type').selectOption('whatsapp.phone_number.created')
  await page.getByTestId('filter-signature').selectOption('valid')
  await expect(page.getByTestId('event-count')).toHaveText('2 matching')
  // Full-text search over bodies: this tenant's id is in one of them.
  await page.getByTestId('filter-text').fill(customer.id)
  await expect(page.getByTestId('event-count')).toHaveText('1 matching')
  await expect(page.locator('[role="option"]')).toHaveCount(1)
  await expect(row).toContainText('Harbour Bakery')

  // Keyboard: focus the list, move to the row, open it.
  await page.getByTestId('event-list').focus()
  await page.keyboard.press('ArrowDown')
  await expect(row).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Enter')
  const detail = page.getByTestId('event-detail')
  await expect(detail.getByRole('heading', { name: 'whatsapp.phone_number.created' })).toBeVisible()
  await expect(detail).toContainText(customer.id)
  await expect(detail.getByTestId('raw-body')).toContainText('"phone_number_id"')

  await detail.getByRole('button', { name: 'Copy as curl' }).click()
  await expect(detail.getByRole('button', { name: 'Copy as curl' })).toHaveText('Copied')
  const curl = await page.evaluate(() => navigator.clipboard.readText())
  expect(curl).toMatch(/^curl -X POST 'http:\/\/127\.0\.0\.1:\d+\/kapso-console\//)
  expect(curl).toMatch(/-H 'X-Webhook-Signature: [0-9a-f]{64}'/)

  // The copied command really replays the delivery: same bytes (signature still valid), same key (a duplicate).
  await sh('sh', ['-c', `${curl} --silent --fail --output /dev/null`])
  await expect(page.locator('[role="option"]')).toHaveCount(2)
  const replay = page.locator('[role="option"]').nth(1)
  await expect(replay).toContainText('duplicate')
  await expect(replay).toContainText('Valid')

  // A busier log for the screenshots: a batch and a body that is not JSON, sent unsigned straight to the
  // receiver at the session's own path (the curl's URL): other paths are answered 404 and not stored.
  const sessionUrl = curl.match(/'(http:\/\/127\.0\.0\.1:\d+\/kapso-console\/[^']+)'/)![1]
  const batch = {
    type: 'whatsapp.message.received',
    batch: true,
    data: [1, 2, 3].map((n) => ({
      message: { id: `wamid.${n}`, type: 'text', text: { body: `Hi ${n}` } },
      phone_number_id: '15550001111',
    })),
  }
  await fetch(sessionUrl!, {
    method: 'POST',
    headers: { 'X-Webhook-Event': 'whatsapp.message.received', 'X-Webhook-Batch': 'true' },
    body: JSON.stringify(batch),
  })
  await fetch(sessionUrl!, { method: 'POST', body: 'plain text, not JSON' })
  await page.getByRole('button', { name: 'Reset' }).click()
  await expect(page.locator('[role="option"]')).toHaveCount(7)
  await expect(page.locator('[role="option"]').nth(3)).toContainText('Unsigned')
  await row.first().click()
  await page.screenshot({ path: screenshotPath('screenshot-webhooks.png') })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: screenshotPath('screenshot-webhooks-dark.png') })
  await page.emulateMedia({ colorScheme: 'light' })

  await page.getByRole('button', { name: 'Stop listening' }).click()
  await expect(page.getByTestId('listen-state')).toHaveText('Not listening')
  const hooks = await sandboxApi(base, 'GET', '/whatsapp/webhooks?per_page=100')
  expect(hooks.filter((w: { url: string }) => w.url.includes('/kapso-console/'))).toEqual([])
})

test('the sandbox batches buffered messages: one batched delivery shows as one event per item', async ({
  page,
  app,
}) => {
  await page.goto(app.url)
  await page.keyboard.press('Control+3')
  await page.getByRole('button', { name: 'Start listening' }).click()
  await expect(page.getByTestId('listen-state')).toHaveText('Listening')

  // A number webhook with buffering on, at the session's URL and secret (the API returns secret_key).
  const base = await sandboxUrl(page)
  const hooks = await sandboxApi(base, 'GET', '/whatsapp/webhooks?per_page=100')
  const session = hooks.find((w: { url: string }) => w.url.includes('/kapso-console/'))
  const [number] = await sandboxApi(base, 'GET', '/whatsapp/phone_numbers?per_page=1')
  const hook = await sandboxApi(base, 'POST', `/whatsapp/phone_numbers/${number.phone_number_id}/webhooks`, {
    whatsapp_webhook: {
      url: session.url,
      secret_key: session.secret_key,
      events: ['whatsapp.message.received'],
      buffer_enabled: true,
      // The size limit releases the batch; the window is long so nothing else does.
      buffer_window_seconds: 60,
      max_buffer_size: 3,
    },
  })
  // Someone texts the number three times (a sandbox control, outside Kapso's API).
  const sent = await fetch(`${base}/sandbox/inbound-messages`, {
    method: 'POST',
    headers: { 'X-API-Key': DEFAULT_SANDBOX_API_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      phone_number_id: number.phone_number_id,
      texts: ['Batch one', 'Batch two', 'Batch three'],
    }),
  })
  expect(sent.status).toBe(202)

  const rows = page.locator('[role="option"][data-event-type="whatsapp.message.received"]')
  await expect(rows).toHaveCount(3)
  for (const i of [0, 1, 2]) await expect(rows.nth(i)).toContainText('Valid')
  await rows.first().click()
  const detail = page.getByTestId('event-detail')
  await expect(detail).toContainText(/x-batch-size/i)
  await expect(detail.getByTestId('raw-body')).toContainText('Batch')

  await sandboxApi(
    base,
    'DELETE',
    `/whatsapp/phone_numbers/${number.phone_number_id}/webhooks/${hook.id}`,
  ).catch(() => undefined)
  await page.getByRole('button', { name: 'Stop listening' }).click()
  await expect(page.getByTestId('listen-state')).toHaveText('Not listening')
})

test('empty and error states read plainly, and a refused start says why', async ({ page, app }) => {
  await page.goto(app.url)
  await page.keyboard.press('Control+3')
  await expect(page.getByText('No webhook events yet')).toBeVisible()
  await page.getByLabel('Tunnel').selectOption('public-url')
  await page.getByRole('button', { name: 'Start listening' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Enter the public URL' }).first()).toBeVisible()
  await expect(page.getByTestId('listen-state')).toHaveText('Stopped by an error')
  await page.getByTestId('filter-text').fill('nothing-matches-this')
  await expect(page.getByText('No event matches these filters')).toBeVisible()
  // The error above is expected: tell the fixture the console error it logged is not a failure.
  void app
})
