import type { Locator, Page } from '@playwright/test'
import jsQR from 'jsqr'
import { closeTab } from './support/closeTab'
import { expect, test } from './support/previewApp'
import { screenshotPath } from './support/screenshotPath'

/**
 * Setup links in the web preview against the built-in Sandbox: a link made
 * with a preset, its QR read back pixel by pixel, the old link revoked, the
 * sandbox's setup page completed, and the link turning "used".
 */

async function openSetupLinks(page: Page, url: string) {
  await page.goto(url)
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible()
  // The customer picker reads the local list: wait for the first sync.
  await expect(page.getByTestId('sync-status')).toContainText('Last synced', { timeout: 30_000 })
  await page.getByRole('button', { name: /^Setup links/ }).click()
  await expect(page.getByRole('heading', { name: 'Setup links', level: 1 })).toBeVisible()
}

async function newLinkFor(page: Page, name: string) {
  // `L` opens the customer picker from the Setup links view.
  await page.keyboard.press('l')
  const picker = page.getByRole('searchbox', { name: 'Find a customer' })
  await expect(picker).toBeFocused()
  await picker.fill(name)
  await expect(page.locator('.picker__item').first()).toContainText(name)
  await picker.press('Enter')
  const dialog = page.getByTestId('setup-link-dialog')
  await expect(dialog.getByRole('heading', { name: `New setup link for ${name}` })).toBeVisible()
  await expect(dialog.getByRole('form', { name: 'New setup link' })).toBeVisible()
  return dialog
}

/** Reads the QR the page shows, as a camera would: the image's pixels, decoded with jsQR. */
async function decodeShownQr(card: Locator): Promise<string | null> {
  const pixels = await card.getByTestId('link-qr').evaluate(async (img: HTMLImageElement) => {
    await img.decode()
    const canvas = document.createElement('canvas')
    canvas.width = img.naturalWidth
    canvas.height = img.naturalHeight
    const ctx = canvas.getContext('2d')!
    ctx.drawImage(img, 0, 0)
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height)
    return { width: data.width, height: data.height, data: Array.from(data.data) }
  })
  return jsQR(new Uint8ClampedArray(pixels.data), pixels.width, pixels.height)?.data ?? null
}

test('create with a preset, copy the URL, read the QR, previous link revoked, signup turns it used', async ({
  page,
  app,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin })
  await openSetupLinks(page, app.url)
  // Globex Logistics has an active link in the sandbox's seed.
  const dialog = await newLinkFor(page, 'Globex Logistics')
  await expect(dialog.getByTestId('link-history-item').filter({ hasText: 'Active' })).toHaveCount(1)

  // Set options, save them as a preset, and create from it.
  await dialog.getByRole('checkbox', { name: /Coexistence/ }).uncheck()
  await dialog.getByLabel('Language').fill('es')
  await dialog.getByText(/Theme colours/).click()
  await dialog.getByLabel('primary', { exact: true }).fill('#0EA5E9')
  await expect(dialog.getByTestId('swatch-primary_color')).toHaveCSS('background-color', 'rgb(14, 165, 233)')
  await dialog.getByLabel('Preset name').fill('Dedicated, Spanish')
  await dialog.getByRole('button', { name: 'Save preset' }).click()
  await expect(dialog.getByText('Saved “Dedicated, Spanish”.')).toBeVisible()
  await expect(dialog.getByLabel('Preset', { exact: true })).toHaveValue(/\d+/)
  // Reset to defaults, then pick the preset: it prefills the form.
  await dialog.getByLabel('Preset', { exact: true }).selectOption({ label: 'Kapso defaults' })
  await expect(dialog.getByLabel('Language')).toHaveValue('auto')
  await dialog.getByLabel('Preset', { exact: true }).selectOption({ label: 'Dedicated, Spanish' })
  await expect(dialog.getByLabel('Language')).toHaveValue('es')
  await expect(dialog.getByRole('checkbox', { name: /Coexistence/ })).not.toBeChecked()

  await dialog.getByRole('button', { name: 'Create setup link' }).click()
  // An active link exists: the console says creating revokes it, and asks.
  // (Located by text: every ConfirmDialog labels itself with the same element id, see the report.)
  const confirm = page
    .locator('dialog[open]:not(.setup-dialog)')
    .filter({ hasText: 'Replace the active link?' })
  await expect(confirm).toContainText('revokes it')
  await confirm.getByRole('button', { name: 'Create and revoke the old link' }).click()

  const card = dialog.getByTestId('link-result').getByTestId('link-card')
  await expect(card).toHaveAttribute('data-status', 'active')
  const url = (await card.getByTestId('link-url').textContent())!
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/whatsapp\/setup\/\S+$/)
  await expect(card.getByTestId('link-countdown')).toContainText(/29 d 23 h|30 d 0 h/)

  await card.getByRole('button', { name: 'Copy link' }).click()
  await expect(card.getByRole('button', { name: 'Copied' })).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url)

  expect(await decodeShownQr(card)).toBe(url)

  // The message is in the link's language (Spanish) and carries the URL.
  await card.getByRole('button', { name: 'Copy message' }).click()
  const message = await page.evaluate(() => navigator.clipboard.readText())
  expect(message).toContain('Hola Globex Logistics')
  expect(message).toContain(url)

  // The previous link now reads revoked, and is visibly dead.
  const revoked = dialog.getByTestId('link-history-item').filter({ hasText: 'Revoked' })
  await expect(revoked).toHaveCount(1)
  await revoked.getByRole('button').first().click()
  await expect(revoked.getByTestId('dead-label')).toContainText('Revoked — do not send')

  // The customer completes signup on the sandbox's setup page.
  const setup = await context.newPage()
  await setup.goto(url)
  await setup.getByLabel('WhatsApp phone number (optional)').fill('+1 415 555 0142')
  await setup.getByRole('button', { name: 'Complete signup' }).click()
  await expect(setup.getByRole('heading', { name: 'WhatsApp connected' })).toBeVisible()
  await closeTab(setup)

  await dialog.getByRole('button', { name: 'Refresh' }).click()
  await expect(card).toHaveAttribute('data-status', 'used')
  await expect(card.getByTestId('link-setup-status')).toContainText('Completed: the number is connected.')
  await expect(dialog.getByTestId('customer-numbers')).toContainText('+1 415-555-0142')
  await dialog.getByRole('button', { name: 'Done' }).click()

  // The recent list shows it too, from the local cache.
  await expect(page.getByTestId('recent-link').first()).toContainText('Globex Logistics')
})

test('invalid inputs are refused in the form, and by main when sent through IPC anyway', async ({
  page,
  app,
}) => {
  await openSetupLinks(page, app.url)
  const dialog = await newLinkFor(page, 'Acme Corp')
  const field = (label: string | RegExp) => dialog.getByLabel(label, { exact: typeof label === 'string' })

  await field('Success redirect URL').fill('not a url')
  await expect(dialog.getByText('Enter a full web address starting with https://')).toBeVisible()
  await field('Language').fill('fr')
  await expect(dialog.getByText(/Supported languages: auto, en, es, pt, hi, id, ar/)).toBeVisible()
  await dialog.getByText(/Theme colours/).click()
  await field('primary').fill('#12G45Z')
  await expect(dialog.getByText(/Use a hex colour like #22C55E/)).toBeVisible()
  await expect(dialog.getByTestId('swatch-primary_color')).toHaveClass(/swatch__chip--bad/)
  // Acme owns +1 555-010-0001; Stark Retail owns …0002.
  await field('Reconnect an existing number').fill('+1 555 010 0002')
  await expect(dialog.getByText(/This customer has no number \+1 555 010 0002/)).toBeVisible()
  // Reconnecting its own number forces provisioning off.
  await field('Reconnect an existing number').fill('+1 555-010-0001')
  await expect(dialog.getByRole('checkbox', { name: /Provision a new phone number/ })).toBeDisabled()
  await field('Reconnect an existing number').fill('+1 555 010 0002')

  await dialog.getByRole('button', { name: 'Create setup link' }).click()
  // Still the form: nothing was sent, the first invalid field has focus.
  await expect(dialog.getByRole('form', { name: 'New setup link' })).toBeVisible()
  await expect(field('Reconnect an existing number')).toBeFocused()
  await expect(dialog.getByTestId('link-card')).toHaveCount(0)

  // The same inputs sent straight through the bridge are refused by main.
  const refusals = await page.evaluate(async () => {
    const customers = await window.kapso!['customers.query']({ search: 'Acme Corp', limit: 1 })
    const customerId = customers.ok ? customers.data.rows[0]!.id : ''
    const send = async (options: Record<string, unknown>) => {
      // biome-ignore lint/suspicious/noExplicitAny: deliberately outside the typed contract
      const r = await (window.kapso as any)['setupLinks.create']({ customerId, options, confirmRevoke: true })
      return r.ok ? 'accepted' : `${r.error.code}:${Object.keys(r.error.fields ?? {}).join(',')}`
    }
    return [
      await send({ success_redirect_url: 'not a url' }),
      await send({ theme_config: { primary_color: '#12G45Z' } }),
      await send({ language: 'fr' }),
      await send({ reconnect_phone_number: '+1 555 010 0002', allowed_connection_types: ['dedicated'] }),
    ]
  })
  expect(refusals).toEqual([
    'validation:options.success_redirect_url',
    'validation:options.theme_config.primary_color',
    'validation:options.language',
    'validation:options.reconnect_phone_number',
  ])
})

test('screenshots of a link, light and dark', async ({ page, app }) => {
  await page.setViewportSize({ width: 1280, height: 820 })
  await openSetupLinks(page, app.url)
  const umbrella = await newLinkFor(page, 'Umbrella Health')
  await umbrella.getByLabel('Language').fill('pt')
  await umbrella.getByRole('button', { name: 'Create setup link' }).click()
  await expect(umbrella.getByTestId('link-result').getByTestId('link-card')).toHaveAttribute(
    'data-status',
    'active',
  )
  await umbrella.getByRole('button', { name: 'Done' }).click()

  const globex = await newLinkFor(page, 'Globex Logistics')
  await globex.getByText(/Theme colours/).click()
  await globex.getByLabel('primary', { exact: true }).fill('#0EA5E9')
  await globex.getByLabel('background', { exact: true }).fill('#FFF')
  await page.screenshot({ path: 'test-results/setup-link-form-light.png', fullPage: true })
  await globex.getByLabel('background', { exact: true }).fill('')
  await globex.getByRole('button', { name: 'Create setup link' }).click()
  await page
    .locator('dialog[open]:not(.setup-dialog)')
    .filter({ hasText: 'Replace the active link?' })
    .getByRole('button', { name: 'Create and revoke the old link' })
    .click()
  await expect(globex.getByTestId('link-result').getByTestId('link-card')).toHaveAttribute(
    'data-status',
    'active',
  )
  await globex.getByTestId('link-history-item').first().getByRole('button').first().click()
  await page.screenshot({ path: 'test-results/setup-link-dialog-light.png' })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: 'test-results/setup-link-dialog-dark.png' })
  await page.emulateMedia({ colorScheme: 'light' })
  await globex.getByRole('button', { name: 'Done' }).click()

  await expect(page.getByTestId('recent-link')).toHaveCount(3)
  await page.getByTestId('recent-link').first().click()
  await expect(page.getByTestId('link-qr')).toBeVisible()
  await page.screenshot({ path: screenshotPath('screenshot-setup-link.png') })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: screenshotPath('screenshot-setup-link-dark.png') })
  // A revoked link, for the record of what "visibly dead" looks like.
  await page.getByRole('button', { name: 'Revoke…' }).click()
  await page
    .locator('dialog[open]')
    .filter({ hasText: 'Revoke this setup link?' })
    .getByRole('button', { name: 'Revoke link' })
    .click()
  await expect(page.getByTestId('dead-label')).toBeVisible()
  await page.screenshot({ path: 'test-results/setup-link-revoked-dark.png' })
})

test('from a customer’s detail: the L shortcut opens "New setup link" for that customer', async ({
  page,
  app,
}) => {
  await page.goto(app.url)
  await expect(page.getByTestId('sync-status')).toContainText('Last synced', { timeout: 30_000 })
  await page.getByTestId('customer-search').fill('Stark Retail')
  const row = page.getByTestId('customer-grid').getByRole('option').first()
  await expect(row).toContainText('Stark Retail')
  await row.click()
  const detail = page.getByTestId('customer-detail')
  await expect(detail.getByRole('button', { name: 'New setup link' })).toBeEnabled()
  await page.keyboard.press('l')
  const dialog = page.getByTestId('setup-link-dialog')
  await expect(dialog.getByRole('heading', { name: 'New setup link for Stark Retail' })).toBeVisible()
  // Its own number is offered for reconnect; picking it locks the connection type to the number's.
  await expect(dialog.getByTestId('customer-numbers')).toContainText('+1 555-010-0002')
  await dialog.getByLabel('Reconnect an existing number').fill('+1 555-010-0002')
  await expect(dialog.getByRole('checkbox', { name: /Dedicated/ })).not.toBeChecked()
  await expect(dialog.getByRole('checkbox', { name: /Coexistence/ })).toBeChecked()
  await expect(dialog.getByRole('checkbox', { name: /Coexistence/ })).toBeDisabled()
  await dialog.getByRole('button', { name: 'Create setup link' }).click()
  await expect(dialog.getByTestId('link-result').getByTestId('link-card')).toHaveAttribute(
    'data-status',
    'active',
  )
  await expect(dialog.getByTestId('link-result')).toContainText('reconnects +15550100002')
})
