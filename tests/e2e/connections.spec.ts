import { readFileSync } from 'node:fs'
import type { BrowserContext, Page } from '@playwright/test'
import { DEFAULT_SANDBOX_API_KEY } from '../../src/main/sandbox/sandboxServer'
import { closeTab } from './support/closeTab'
import { expect, test } from './support/previewApp'
import { screenshotPath } from './support/screenshotPath'

/**
 * Knowing the moment a tenant connects, in the web preview against the
 * built-in Sandbox: (a) a listen session catches the webhook and the redirect,
 * (b) without a tunnel the polling path sees it, (c) a failed signup shows its
 * reason on the link.
 */

/** Records every desktop Notification the page raises (Chromium's own, with permission granted). */
async function recordNotifications(context: BrowserContext, origin: string) {
  await context.grantPermissions(['notifications', 'clipboard-read', 'clipboard-write'], { origin })
  await context.addInitScript(() => {
    const Native = window.Notification
    const seen: Array<{ title: string; body: string }> = []
    ;(window as unknown as { __notifications: typeof seen }).__notifications = seen
    class Recorded extends Native {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options)
        seen.push({ title, body: options?.body ?? '' })
      }
    }
    Object.defineProperty(Recorded, 'permission', { get: () => Native.permission })
    window.Notification = Recorded as typeof Notification
  })
}

async function openCustomer(page: Page, url: string, name: string) {
  await page.goto(url)
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible()
  await expect(page.getByTestId('sync-status')).toContainText('Last synced', { timeout: 30_000 })
  await page.getByTestId('customer-search').fill(name)
  const row = page.getByTestId('customer-grid').getByRole('option').filter({ hasText: name })
  await expect(row).toHaveCount(1)
  await row.click()
  const detail = page.getByTestId('customer-detail')
  await expect(detail.getByRole('heading', { name })).toBeVisible()
  return { detail, row }
}

async function startListening(page: Page) {
  await page.keyboard.press('Control+3')
  await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible()
  await page.getByRole('button', { name: 'Start listening' }).click()
  await expect(page.getByTestId('listen-state')).toHaveText('Listening')
  await page.keyboard.press('Control+1')
}

/** From the open detail: New setup link → (optionally catch redirects) → create → the URL. */
async function createLink(page: Page, options: { catchRedirects?: boolean } = {}) {
  await page.getByTestId('customer-detail').getByRole('button', { name: 'New setup link' }).click()
  const dialog = page.getByTestId('setup-link-dialog')
  await expect(dialog.getByRole('form', { name: 'New setup link' })).toBeVisible()
  const toggle = dialog.getByRole('checkbox', { name: 'Catch the tenant’s redirects in this console' })
  if (options.catchRedirects) {
    await expect(toggle).toBeEnabled()
    await toggle.check()
  } else await expect(toggle).not.toBeChecked()
  await dialog.getByRole('button', { name: 'Create setup link' }).click()
  const card = dialog.getByTestId('link-result').getByTestId('link-card')
  await expect(card).toHaveAttribute('data-status', 'active')
  const linkUrl = (await card.getByTestId('link-url').textContent())!
  await card.getByRole('button', { name: 'Copy link' }).click()
  await dialog.getByRole('button', { name: 'Done' }).click()
  return linkUrl
}

test('(a) with a listen session: signup → connected at once (webhook/API), notification raised, redirect page shows the number', async ({
  page,
  app,
  context,
}) => {
  await recordNotifications(context, app.origin)
  await page.goto(app.url)
  await startListening(page)
  const { detail, row } = await openCustomer(page, app.url, 'Umbrella Health')
  const linkUrl = await createLink(page, { catchRedirects: true })
  await expect(detail.getByTestId('watching-mark')).toBeVisible()
  await expect(row.getByTestId('watching-mark')).toBeVisible()
  const timeline = detail.getByTestId('timeline')
  await expect(timeline.locator('[data-kind="shared"]')).toContainText('Link copied')

  // The tenant completes signup on the sandbox's page, in a tab of their own.
  const tenant = await context.newPage()
  await tenant.goto(linkUrl)
  await tenant.getByLabel('WhatsApp phone number (optional)').fill('+1 415 555 0142')
  await tenant.getByRole('button', { name: 'Complete signup' }).click()
  // Kapso redirects to the console's receiver, which shows a clean page with the number. A redirect
  // alone is not proof (anyone who saw the link id can type its URL): the page says it is confirming.
  await expect(
    tenant.getByRole('heading', { name: "Thanks — we're confirming your connection" }),
  ).toBeVisible()
  await expect(tenant.locator('code[data-number]')).toHaveText('+14155550142')
  expect(new URL(tenant.url()).pathname).toBe('/setup/success')
  await tenant.screenshot({ path: screenshotPath('screenshot-redirect-success.png') })

  // Within a second of that page, the console shows it (the signed webhook, or the API check the redirect
  // asked for at once): toast, row, detail, link, desktop notification.
  const alert = page.getByTestId('connected-alert')
  await expect(alert).toContainText('Umbrella Health connected', { timeout: 1_000 })
  await expect(row.locator('.cust-state')).toHaveText('Connected', { timeout: 1_000 })
  await expect(detail.getByTestId('connection-verdict')).toContainText('Connected', { timeout: 1_000 })
  await expect(detail.getByTestId('setup-link').first()).toContainText('used')
  const notifications = await page.evaluate(
    () => (window as unknown as { __notifications: Array<{ title: string }> }).__notifications,
  )
  expect(notifications.map((n) => n.title)).toEqual([expect.stringMatching(/^Umbrella Health connected \+1/)])
  await expect(row.getByTestId('watching-mark')).toHaveCount(0)

  // The three signals agree, and the timeline tells the story once.
  await expect(detail.getByTestId('connection-verdict')).toContainText(/webhook/)
  await expect(detail.getByTestId('connection-verdict')).toContainText(/redirect/)
  await expect(timeline.locator('[data-kind="connected"]')).toHaveCount(1)
  await expect(timeline.locator('[data-kind="webhook"]')).toHaveCount(1)
  await expect(timeline.locator('[data-kind="redirect_success"]')).toContainText('+14155550142')
  await expect(detail.getByTestId('disagreement')).toHaveCount(0)
  await closeTab(tenant)

  // "Open customer" from the toast works from another section too.
  await page.keyboard.press('Control+2')
  await alert.getByRole('button', { name: 'Open customer' }).click()
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible()
  await expect(
    page.getByTestId('customer-detail').getByRole('heading', { name: 'Umbrella Health' }),
  ).toBeVisible()
})

test('(b) without a tunnel, the polling path marks it connected', async ({ page, app, context }) => {
  await recordNotifications(context, app.origin)
  const { detail, row } = await openCustomer(page, app.url, 'Umbrella Health')
  const linkUrl = await createLink(page)
  await expect(detail.getByTestId('watching-mark')).toBeVisible()
  await expect(detail.getByTestId('connection-verdict')).toContainText('Watching for the connection')

  const tenant = await context.newPage()
  await tenant.goto(linkUrl)
  await tenant.getByRole('button', { name: 'Complete signup' }).click()
  await expect(tenant.getByRole('heading', { name: 'WhatsApp connected' })).toBeVisible()
  await closeTab(tenant)

  // The open detail is polled every few seconds.
  await expect(detail.getByTestId('connection-verdict')).toContainText('Connected', { timeout: 15_000 })
  await expect(detail.getByTestId('connection-verdict')).toContainText('API')
  await expect(row.locator('.cust-state')).toHaveText('Connected')
  await expect(page.getByTestId('connected-alert')).toContainText('Seen by API check')
  await expect(detail.getByTestId('timeline').locator('[data-kind="connected"]')).toContainText(
    "first seen by Kapso's API (polling)",
  )
  await expect(detail.getByTestId('watching-mark')).toHaveCount(0)
  // No listen session ran: no webhook was expected, so nothing to disagree about.
  await expect(detail.getByTestId('disagreement')).toHaveCount(0)

  // One click: the redacted support bundle, downloaded by the page in the web preview.
  const download = page.waitForEvent('download')
  await detail.getByRole('button', { name: 'Export support bundle' }).click()
  const file = await download
  expect(file.suggestedFilename()).toBe('support-bundle-umbrella-health.json')
  const text = readFileSync((await file.path())!, 'utf8')
  const bundle = JSON.parse(text)
  expect(bundle.customer.name).toBe('Umbrella Health')
  expect(bundle.timeline.map((e: { kind: string }) => e.kind)).toContain('connected')
  const token = new URL(linkUrl).pathname.split('/').at(-1)!
  expect(text).not.toContain(token)
  expect(text).not.toContain(DEFAULT_SANDBOX_API_KEY)
})

test('(d) a forged redirect on a real link: "confirming", never connected, then contradicted in words', async ({
  page,
  app,
  context,
}) => {
  await page.goto(app.url)
  await startListening(page)
  const { detail, row } = await openCustomer(page, app.url, 'Umbrella Health')
  await createLink(page, { catchRedirects: true })
  // What a tenant can see: the link id (it is in every redirect) and where the redirects go.
  const { linkId, success } = await page.evaluate(async () => {
    const k = window.kapso!
    const recent = await k['setupLinks.recent']({ limit: 5, search: 'Umbrella Health' })
    const targets = await k['connections.redirectTargets']()
    if (!recent.ok || !targets.ok || !targets.data) throw new Error('no link or no listen session')
    const link = recent.data.links.find((l) => l.effectiveStatus === 'active')!
    return { linkId: link.id, success: targets.data.success }
  })
  const forger = await context.newPage()
  await forger.goto(`${success}?setup_link_id=${linkId}&status=completed&phone_number_id=100200300400500`)
  await expect(
    forger.getByRole('heading', { name: "Thanks — we're confirming your connection" }),
  ).toBeVisible()
  await closeTab(forger)

  await expect(detail.getByTestId('connection-verdict')).toContainText('Redirect received, confirming…')
  await expect(row.getByTestId('confirming-mark')).toBeVisible()
  await expect(row.locator('.cust-state')).not.toHaveText('Connected')
  // Each "Check now" asks Kapso again; after the last of the checks the redirect is called contradicted.
  const disagreement = detail.getByTestId('disagreement')
  for (let i = 0; i < 10 && (await disagreement.count()) === 0; i++) {
    await detail.getByRole('button', { name: 'Check now' }).click()
    await expect(detail.getByRole('button', { name: 'Check now' })).toBeEnabled()
  }
  await expect(disagreement).toContainText(
    'Redirect said connected, but Kapso shows no new number for this customer — the redirect may be forged or early',
  )
  await expect(detail.getByTestId('timeline').locator('[data-kind="redirect_contradicted"]')).toHaveCount(1)
  await expect(row.getByTestId('confirming-mark')).toHaveCount(0)
  await expect(row.locator('.cust-state')).not.toHaveText('Connected')
  await expect(detail.getByTestId('setup-link').first()).toContainText('active')
  await expect(page.getByTestId('connected-alert')).toHaveCount(0)
})

test('(c) a failed signup shows the failure reason on the link', async ({ page, app, context }) => {
  const { detail } = await openCustomer(page, app.url, 'Umbrella Health')
  const linkUrl = await createLink(page)
  const tenant = await context.newPage()
  await tenant.goto(linkUrl)
  await tenant.getByLabel('Error code').selectOption('waba_limit_reached')
  await tenant.getByRole('button', { name: 'Fail signup' }).click()
  await closeTab(tenant)

  const link = detail.getByTestId('setup-link').first()
  await expect(link.getByTestId('setup-error')).toContainText(/too many WhatsApp/i, { timeout: 15_000 })
  await expect(detail.getByTestId('timeline').locator('[data-kind="setup_failed"]')).toContainText(
    'Kapso reports the setup failed',
  )
  // Still active and still watched: the tenant may try again.
  await expect(link).toContainText('active')
  await expect(detail.getByTestId('watching-mark')).toBeVisible()
})

test('screenshots: onboarding timeline and toast, light and dark', async ({ page, app, context }) => {
  await recordNotifications(context, app.origin)
  await page.setViewportSize({ width: 1360, height: 900 })
  await page.goto(app.url)
  await startListening(page)
  const { detail } = await openCustomer(page, app.url, 'Umbrella Health')
  const linkUrl = await createLink(page, { catchRedirects: true })
  const tenant = await context.newPage()
  await tenant.goto(linkUrl)
  await tenant.getByRole('button', { name: 'Complete signup' }).click()
  await expect(
    tenant.getByRole('heading', { name: "Thanks — we're confirming your connection" }),
  ).toBeVisible()
  await closeTab(tenant)
  await expect(detail.getByTestId('connection-verdict')).toContainText(/webhook/)
  await expect(page.getByTestId('connected-alert')).toBeVisible()
  await expect(
    page.getByTestId('customer-grid').getByRole('option').first().locator('.cust-state'),
  ).toHaveText('Connected')
  await expect(detail.getByTestId('setup-link').first()).toContainText('used')
  await detail.getByTestId('onboarding').scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath('screenshot-connections-light.png') })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: screenshotPath('screenshot-connections-dark.png') })
})
