import { readFileSync } from 'node:fs'
import { expect, test } from './support/previewApp'
import { screenshotPath } from './support/screenshotPath'

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; productName: string }

test('Settings → About shows version, data folder, active project and keychain status', async ({
  page,
  app,
}) => {
  await page.goto(app.url)
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible()
  await page.getByRole('button', { name: /Settings/ }).click()
  const about = page.getByTestId('about')
  await expect(about).toBeVisible()
  await expect(page.getByTestId('about-version')).toHaveText(`${pkg.productName} ${pkg.version}`)
  await expect(page.getByTestId('about-data-dir')).toHaveText(app.dataDir)
  await expect(page.getByTestId('about-project')).toHaveText('Sandbox')
  const keychain = page.getByTestId('about-keychain')
  if (process.env.KAPSO_TEST_SECRET_SERVICE) await expect(keychain).toContainText('available')
  else await expect(keychain).toContainText(/available|unavailable/)
  await expect(about).toContainText('web preview')

  // The token left the address bar once the bridge picked it up.
  expect(page.url()).not.toContain('token=')

  await page.screenshot({ path: screenshotPath('screenshot-about-light.png') })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: screenshotPath('screenshot-about-dark.png') })
})

test('the keyboard reaches every section, with a visible focus ring', async ({ page, app }) => {
  await page.goto(app.url)
  await page.keyboard.press('Control+6')
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
  await page.keyboard.press('Control+4')
  await expect(page.getByRole('heading', { name: 'Phone numbers', level: 1 })).toBeVisible()
  await page.keyboard.press('Control+3')
  await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible()
  await page.keyboard.press('Control+2')
  await expect(page.getByRole('heading', { name: 'Setup links', level: 1 })).toBeVisible()

  await page.keyboard.press('Tab')
  const focused = page.locator(':focus-visible')
  await expect(focused).toHaveCount(1)
  const outline = await focused.evaluate((el) => getComputedStyle(el).outlineStyle)
  expect(outline).toBe('solid')
  await page.keyboard.press('Enter')
  await expect(page.locator('[aria-current="page"]')).toBeVisible()
})

test('the theme follows the OS and can be overridden', async ({ page, app }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.goto(app.url)
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor)
  expect(await background()).toBe('rgb(17, 20, 24)')
  await page.keyboard.press('Control+6')
  await page.getByText('Light', { exact: true }).click()
  expect(await background()).toBe('rgb(255, 255, 255)')
  await page.reload()
  expect(await background()).toBe('rgb(255, 255, 255)')
})
