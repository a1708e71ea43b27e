import { expect, test } from './support/previewApp'
import { screenshotPath } from './support/screenshotPath'

/** The phone numbers view in the web preview against the built-in Sandbox. */

test('search the numbers, check health, send a test message (success and Meta’s error in words), keyboard', async ({
  page,
  app,
}) => {
  await page.goto(app.url)
  await expect(page.getByTestId('sync-status')).toContainText('Last synced', { timeout: 30_000 })
  await page.keyboard.press('Control+4')
  await expect(page.getByRole('heading', { name: 'Phone numbers', level: 1 })).toBeVisible()
  await expect(page.getByTestId('phone-number-count')).toContainText(/\d+ numbers/)
  await expect(page.getByTestId('phone-number-row').first()).toBeVisible()

  await page.getByTestId('phone-number-search').fill('Acme Corp')
  const rows = page.getByTestId('phone-number-row')
  await expect(rows.first()).toContainText('Acme Corp')
  await expect(page.getByTestId('phone-number-count')).toContainText(' of ')

  // Keyboard: focus the list, Enter opens the first number.
  await page.getByTestId('phone-number-list').focus()
  await page.keyboard.press('Enter')
  const panel = page.getByTestId('phone-number-panel')
  await expect(panel).toBeVisible()
  await expect(panel).toContainText('Acme Corp')

  await panel.getByRole('button', { name: 'Check health' }).click()
  await expect(panel.getByTestId('health')).toContainText(/healthy|degraded|unhealthy|error/)
  await expect(panel.getByTestId('health')).toContainText('phone number connection')
  // Asked again at once: the console answers from its 3-minute cache and says so.
  await panel.getByRole('button', { name: 'Check again' }).click()
  await expect(rows.first()).toContainText(/healthy|degraded|unhealthy|error/)

  // A number too short for WhatsApp: the console lets it through, Meta (the sandbox's proxy) refuses in words.
  await panel.getByLabel('To (international format)').fill('+1 234 567')
  await panel.getByRole('button', { name: 'Send test message' }).click()
  await expect(panel.getByTestId('send-error')).toContainText('not a valid WhatsApp phone number')
  await expect(panel.getByTestId('send-error')).toContainText('code 100/2494010')

  await panel.getByLabel('To (international format)').fill('+1 555 013 4567')
  await panel.getByRole('button', { name: 'Send test message' }).click()
  await expect(panel.getByTestId('send-result')).toContainText(/Message id wamid\./)
  await page.setViewportSize({ width: 1360, height: 860 })
  await page.screenshot({ path: screenshotPath('screenshot-phone-numbers.png') })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: screenshotPath('screenshot-phone-numbers-dark.png') })
  await page.emulateMedia({ colorScheme: 'light' })

  // No match: a readable empty state.
  await page.getByTestId('phone-number-search').fill('zzz no such number')
  await expect(page.getByText('No number matches')).toBeVisible()
})
