import { test as base, expect } from '@playwright/test'
import { type PreviewApp, startPreviewApp } from './support/previewApp'

/**
 * The tolerant reader in the built app: the built-in Sandbox answers every
 * customers page with one item whose `name` is a number (a TEST ONLY fault,
 * src/main/projects/embeddedSandbox.ts). The list still shows, and the bad
 * records are named as "Unreadable record" rows, never a failed view.
 */

const faults = [
  {
    match: { method: 'GET', path: '/customers' },
    kind: 'malformed',
    variant: 'one-item',
    index: 3,
    field: 'name',
  },
]

const test = base.extend<{ app: PreviewApp }>({
  app: async ({ page }, use) => {
    const app = await startPreviewApp({ KAPSO_TEST_ONLY_SANDBOX_FAULTS: JSON.stringify(faults) })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await use(app)
    await page.goto('about:blank').catch(() => {})
    await app.stop()
    if (errors.length) throw new Error(`The page reported errors:\n${errors.join('\n')}`)
  },
})

test('a customers list with unreadable items shows the rest and names each bad one', async ({
  page,
  app,
}) => {
  await page.goto(app.url)
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible()
  await expect(page.getByTestId('sync-status')).toContainText('Last synced', { timeout: 30_000 })

  const unreadable = page.getByTestId('unreadable-row')
  await expect(unreadable.first()).toBeVisible()
  // One per synced page (250 seeded customers, 100 a page).
  await expect(unreadable).toHaveCount(3)
  for (const text of await unreadable.allTextContents()) {
    expect(text).toMatch(/^Unreadable record — name: .*string.* \(id .+\)$/)
  }
  // The readable customers are listed as usual.
  await expect(page.getByTestId('customer-grid').getByRole('option').first()).toBeVisible()
  await expect(page.getByTestId('customer-count')).toContainText(/\d{3} customers/)
})
