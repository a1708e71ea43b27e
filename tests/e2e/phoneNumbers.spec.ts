import { DEFAULT_SANDBOX_API_KEY } from '../../src/main/sandbox/sandboxServer'
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

test('manage a number: rename, display-name requests (pending, declined with Meta’s reason), delete with the number typed', async ({
  page,
  app,
  request,
}) => {
  await page.goto(app.url)
  await expect(page.getByTestId('sync-status')).toContainText('Last synced', { timeout: 30_000 })
  await page.keyboard.press('Control+4')
  await page.getByTestId('phone-number-search').fill('Acme Corp')
  const rows = page.getByTestId('phone-number-row')
  await expect(rows.first()).toContainText('Acme Corp')
  await rows.first().click()
  const panel = page.getByTestId('phone-number-panel')
  await expect(panel).toBeVisible()

  // The panel has loaded Kapso's names (its reset no longer overwrites what is typed).
  await expect(panel.getByTestId('display-names')).toContainText('What WhatsApp users see:')
  await panel.getByLabel('Name (your label; customers do not see it)').fill('Acme support line')
  await panel.getByRole('button', { name: 'Rename' }).click()
  await expect(panel.getByTestId('rename-result')).toHaveText('Renamed to “Acme support line”.')

  const names = panel.getByTestId('display-names')
  await expect(names).toContainText('What WhatsApp users see:')
  await names.getByLabel(/New display name/).fill('Acme Help')
  await names.getByRole('button', { name: 'Request display name' }).click()
  await expect(names.getByTestId('display-name-request').first()).toContainText('Acme Help')
  await expect(names.getByTestId('display-name-request').first()).toContainText('waiting for Meta’s review')
  await names.getByLabel(/New display name/).fill('Acme WhatsApp Desk')
  await names.getByRole('button', { name: 'Request display name' }).click()
  const declined = names.getByTestId('display-name-request').first()
  await expect(declined).toContainText('declined by Meta')
  await expect(declined).toContainText('Display name cannot contain "WhatsApp" (Meta code 100/2388135)')
  await names.getByTestId('display-name-request').nth(1).getByRole('button', { name: 'Check status' }).click()
  await expect(names.getByTestId('display-name-request')).toHaveCount(2)

  // Delete: the button stays off until the number is typed.
  const shown = (await panel.locator('.cust-detail__head h2').textContent())!
  await panel.getByRole('button', { name: 'Delete number…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Delete this number?' })
  const confirm = dialog.getByRole('button', { name: 'Delete number' })
  await expect(confirm).toBeDisabled()
  await dialog.getByLabel(/Type .* to confirm/).fill('+1 555 000 0000')
  await expect(confirm).toBeDisabled()
  await dialog.getByLabel(/Type .* to confirm/).fill(shown)
  await expect(confirm).toBeEnabled()
  for (const [w, h] of [
    [1280, 800],
    [1024, 640],
  ] as const) {
    await page.setViewportSize({ width: w, height: h })
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      await page.screenshot({ path: `test-results/phone-number-delete-${w}x${h}-${scheme}.png` })
    }
  }
  await page.emulateMedia({ colorScheme: 'light' })
  await confirm.click()
  await expect(dialog).toBeHidden()
  await expect(panel).toBeHidden()
  await page.getByTestId('phone-number-search').fill(shown)
  await expect(page.getByText('No number matches')).toBeVisible()

  // Deleted at Kapso by someone else meanwhile: Kapso's answer in words, in the dialog.
  await page.getByTestId('phone-number-search').fill('')
  await rows.first().click()
  const other = await page.evaluate(async () => {
    const list = await window.kapso!['projects.list']()
    if (!list.ok) throw new Error(list.error.message)
    return list.data.projects.find((p) => p.id === list.data.activeId)!.baseUrl
  })
  const id = (await panel.locator('dd code').first().textContent())!
  const gone = await request.fetch(`${other}/platform/v1/whatsapp/phone_numbers/${id}`, {
    method: 'DELETE',
    headers: { 'X-API-Key': DEFAULT_SANDBOX_API_KEY },
  })
  expect(gone.status()).toBe(204)
  await panel.getByRole('button', { name: 'Delete number…' }).click()
  await dialog.getByLabel(/Type .* to confirm/).fill(id)
  await confirm.click()
  await expect(dialog.getByTestId('delete-error')).toHaveText(
    'Kapso has no such phone number: Phone number not found',
  )
})
