import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import { type PreviewApp, startPreviewApp } from './support/previewApp'
import { screenshotPath } from './support/screenshotPath'

/**
 * The customers view in the web preview with the built-in Sandbox project.
 * "Offline" is made real with the TEST ONLY relay the customers capability puts
 * in front of the embedded sandbox when KAPSO_TEST_ONLY_SANDBOX_GATE_FILE is set:
 * while that file exists, connections to the sandbox are refused.
 */
const test = base.extend<{ app: PreviewApp & { gateFile: string } }>({
  app: async ({ page }, use) => {
    const gateFile = join(process.env.TMPDIR ?? '/tmp', `kapso-e2e-gate-${process.pid}-${Date.now()}`)
    const app = await startPreviewApp({ KAPSO_TEST_ONLY_SANDBOX_GATE_FILE: gateFile })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await use({ ...app, gateFile })
    // Errors the test caused; leave the page before stopping the server it is connected to.
    const seen = [...errors]
    await page.goto('about:blank').catch(() => {})
    rmSync(gateFile, { force: true })
    await app.stop()
    if (seen.length) throw new Error(`The page reported errors:\n${seen.join('\n')}`)
  },
})

const grid = (page: Page) => page.getByTestId('customer-grid')
const rows = (page: Page) => grid(page).getByRole('option')
const search = (page: Page) => page.getByTestId('customer-search')

async function openSynced(page: Page, url: string) {
  await page.goto(url)
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible()
  await expect(page.getByTestId('sync-status')).toContainText('Last synced', { timeout: 30_000 })
  // The list re-queries after the sync's last change event: wait until it shows the finished
  // sync's rows and counts (the customers arrive before the numbers that make them "connected").
  const settled = await page.evaluate(async () => {
    const status = await window.kapso!['customers.syncStatus']()
    if (!status.ok) throw new Error(status.error.message)
    const page = await window.kapso!['customers.query']({ limit: 1 })
    if (!page.ok) throw new Error(page.error.message)
    return { cached: status.data.cachedCustomers, connected: page.data.counts.connected }
  })
  await expect(page.getByTestId('customer-count')).toHaveText(
    `${settled.cached.toLocaleString('en-US')} customers`,
  )
  await expect(page.locator('[data-filter="connected"] .cust-chip__count')).toHaveText(
    settled.connected.toLocaleString('en-US'),
  )
  await expect(rows(page).first()).toBeVisible()
}

test('search, filter, open with the keyboard, create, edit and delete a customer', async ({ page, app }) => {
  await openSynced(page, app.url)
  await expect(page.getByTestId('customer-count')).toContainText(/\d{3} customers/)

  // `/` focuses the search; typing filters as you type.
  await page.keyboard.press('/')
  await expect(search(page)).toBeFocused()
  const firstName = (await rows(page).first().locator('.cust-name').textContent())!
  const word = firstName.split(' ')[0]!
  await page.keyboard.type(word.toLowerCase())
  await expect(page.getByTestId('customer-count')).toContainText('matching')
  for (const name of await rows(page).locator('.cust-name').allTextContents()) {
    expect(name.toLowerCase()).toContain(word.toLowerCase())
  }
  await page.keyboard.press('Escape')
  await expect(search(page)).toHaveValue('')

  // Filter chips carry counts; "Connected" shows only connected rows.
  const connectedChip = page.locator('[data-filter="connected"]')
  const connectedCount = Number(
    (await connectedChip.locator('.cust-chip__count').textContent())!.replace(/,/g, ''),
  )
  expect(connectedCount).toBeGreaterThan(0)
  await connectedChip.click()
  await expect(page.getByTestId('customer-count')).toHaveText(
    `${connectedCount.toLocaleString('en-US')} matching`,
  )
  const states = await rows(page).locator('.cust-state').allTextContents()
  expect(new Set(states)).toEqual(new Set(['Connected']))

  // Keyboard: Ctrl+K focuses search, ArrowDown to the grid, arrows move, Enter opens.
  await page.keyboard.press('Control+k')
  await expect(search(page)).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(grid(page)).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  const detail = page.getByTestId('customer-detail')
  await expect(detail).toBeVisible()
  await expect(detail.getByTestId('phone-number').first()).toContainText('phone_number_id')
  await expect(detail.getByRole('button', { name: 'Copy phone_number_id' }).first()).toBeVisible()
  await expect(detail.getByText(/Setup links/)).toBeVisible()
  await page.locator('[data-filter="all"]').click()

  // Create: Kapso's 422 lands under the Name field, then a valid create appears in the list.
  await page.getByRole('button', { name: 'New customer' }).click()
  const dialog = page.getByRole('dialog', { name: 'New customer' })
  await dialog.getByLabel('Name').fill('   ')
  await dialog.getByRole('button', { name: 'Create customer' }).click()
  await expect(dialog.locator('#cust-name-error')).toHaveText("Name can't be blank")
  await dialog.getByLabel('Name').fill('E2E Bakery Lisbon')
  await dialog.getByLabel('External customer ID (optional)').fill('e2e-bakery-1')
  await dialog.getByRole('button', { name: 'Create customer' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByText('“E2E Bakery Lisbon” created')).toBeVisible()
  await expect(detail.getByRole('heading', { name: 'E2E Bakery Lisbon' })).toBeVisible()
  await expect(detail.getByText('Never invited: no setup link was created.')).toBeVisible()
  await search(page).fill('e2e-bakery')
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).first()).toContainText('E2E Bakery Lisbon')

  // Edit.
  await detail.getByRole('button', { name: 'Edit' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit customer' })
  await edit.getByLabel('Name').fill('E2E Bakery Porto')
  await edit.getByRole('button', { name: 'Save' }).click()
  await expect(rows(page).first()).toContainText('E2E Bakery Porto')

  // Delete asks first and names the customer.
  await grid(page).focus()
  await page.keyboard.press('Delete')
  const confirm = page.getByRole('dialog', { name: 'Delete “E2E Bakery Porto”?' })
  await expect(confirm).toBeVisible()
  await confirm.getByRole('button', { name: 'Delete “E2E Bakery Porto”' }).click()
  await expect(page.getByText('“E2E Bakery Porto” deleted')).toBeVisible()
  await expect(page.getByText('No customer matches')).toBeVisible()
})

test('offline: browse the cache, change things, watch the outbox replay when the sandbox is back', async ({
  page,
  app,
}) => {
  await openSynced(page, app.url)
  const total = await page.getByTestId('customer-count').textContent()

  writeFileSync(app.gateFile, 'closed') // TEST ONLY: the sandbox becomes unreachable
  await page.waitForTimeout(400) // the gate looks at its file every 100 ms
  await page.getByRole('button', { name: 'Sync now' }).click()
  const banner = page.getByTestId('offline-banner')
  await expect(banner).toBeVisible({ timeout: 20_000 })
  await expect(banner).toContainText(/not been reachable since \d\d:\d\d/)

  // Reads keep working from the cache: count, search, open.
  await expect(page.getByTestId('customer-count')).toHaveText(total!)
  const target = (await rows(page).nth(2).locator('.cust-name').textContent())!
  await search(page).fill(target)
  await expect(rows(page).first()).toContainText(target)
  await rows(page).first().click()
  const detail = page.getByTestId('customer-detail')
  await expect(detail.getByRole('heading', { name: target })).toBeVisible()

  // An offline edit and an offline create are kept, marked pending on their rows.
  await detail.getByRole('button', { name: 'Edit' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit customer' })
  await edit.getByLabel('Name').fill(`${target} (edited offline)`)
  await edit.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText(/saved here/)).toBeVisible()
  await search(page).fill('edited offline')
  await expect(rows(page).first().getByTestId('pending-tag')).toHaveText('update pending')

  await page.getByRole('button', { name: 'New customer' }).click()
  const create = page.getByRole('dialog', { name: 'New customer' })
  await create.getByLabel('Name').fill('Offline Optics Quito')
  await create.getByLabel('External customer ID (optional)').fill('e2e-offline-1')
  await create.getByRole('button', { name: 'Create customer' }).click()
  // The dialog closes once the create is kept (the list behind a modal is inert until then).
  await expect(create).toBeHidden({ timeout: 15_000 })
  await search(page).fill('offline optics')
  await expect(rows(page).first().getByTestId('pending-tag')).toHaveText('not sent', { timeout: 15_000 })
  await expect(banner).toContainText('2 changes will be sent when it is back')
  await page.screenshot({ path: 'test-results/customers-offline.png' })

  rmSync(app.gateFile) // TEST ONLY: the sandbox is reachable again
  await page.waitForTimeout(400)
  // The offline probe retries every few seconds and may get through before the click: then the banner
  // (and its button) is already gone, which is as good. Only a banner still shown without a working
  // button is a failure (an unbounded click waited 60 s for a button that had left with its banner).
  await banner
    .getByRole('button', { name: 'Try now' })
    .click({ timeout: 5_000 })
    .catch(async (error: unknown) => {
      if (await banner.isVisible()) throw error
    })
  await expect(banner).toBeHidden({ timeout: 20_000 })
  await expect(rows(page).first().getByTestId('pending-tag')).toHaveCount(0, { timeout: 20_000 })
  await rows(page).first().click()
  await expect(detail.getByText('not created in Kapso yet')).toHaveCount(0)
  await expect(detail.getByRole('button', { name: 'Copy customer ID' })).toBeVisible()
  await search(page).fill('edited offline')
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).first().getByTestId('pending-tag')).toHaveCount(0)
})

test('screenshots of the customers view, light and dark', async ({ page, app }) => {
  await page.setViewportSize({ width: 1440, height: 860 })
  await openSynced(page, app.url)
  // Opening customers fetches their setup links, so the list shows every connection state.
  await page.locator('[data-filter="unknown"]').click()
  for (let i = 0; i < 8; i++) {
    await rows(page).first().click()
    await expect(page.getByTestId('customer-detail')).toBeVisible()
    await expect(page.getByTestId('customer-detail').getByText('checking Kapso…')).toHaveCount(0)
  }
  await page.locator('[data-filter="connected"]').click()
  await rows(page).nth(1).click()
  await expect(page.getByTestId('customer-detail').getByTestId('phone-number').first()).toBeVisible()
  await page.locator('[data-filter="all"]').click()
  await grid(page).focus()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Shift+ArrowDown')
  await page.keyboard.press('Shift+ArrowDown')
  await page.mouse.move(0, 0)
  await page.screenshot({ path: screenshotPath('screenshot-customers.png') })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: screenshotPath('screenshot-customers-dark.png') })
})
