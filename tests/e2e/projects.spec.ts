import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { createKapsoClient } from '../../src/main/kapso/client'
import { createLogger } from '../../src/main/log/logger'
import { type Sandbox, startSandbox } from '../../src/main/sandbox/sandboxServer'
import { startRecordingProxy } from '../support/recordingProxy'
import { filesContaining } from '../support/scanForText'
import { expect, test } from './support/previewApp'
import { screenshotPath } from './support/screenshotPath'

let sandbox: Sandbox
test.beforeAll(async () => {
  // A second Kapso-compatible server standing in for a real production project.
  sandbox = await startSandbox({ port: 0, customers: 12 })
})
test.afterAll(() => sandbox.close())

async function openProjects(page: Page, url: string) {
  await page.goto(url)
  await page.keyboard.press('Control+6')
  await expect(page.getByTestId('projects-panel')).toBeVisible()
}

async function addProject(page: Page, name: string, key: string) {
  await page.getByRole('button', { name: 'Add project' }).click()
  const form = page.getByTestId('add-project')
  await form.getByLabel('Name').fill(name)
  await form.getByLabel('API host').fill(sandbox.url)
  await form.getByText('production', { exact: true }).click()
  await form.getByLabel('API key').fill(key)
  await form.getByRole('button', { name: 'Check key and add' }).click()
}

test('a project list that answers late does not throw away a form opened meanwhile', async ({
  page,
  app,
}) => {
  // The cause of a flaky "locator detached": views were mounted for "no project" and remounted
  // when projects.list answered, so a form opened in between vanished. Hold that answer back.
  let release = () => {}
  const released = new Promise<void>((resolve) => {
    release = resolve
  })
  await page.routeWebSocket(/\/bridge/, (ws) => {
    const server = ws.connectToServer()
    const held = new Set<number>()
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { id?: number; call?: string }
      if (frame.call === 'projects.list' && typeof frame.id === 'number') held.add(frame.id)
      server.send(message)
    })
    server.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { id?: number | null }
      if (typeof frame.id === 'number' && held.has(frame.id)) void released.then(() => ws.send(message))
      else ws.send(message)
    })
  })
  // The answer is let through once the form is filled, or after 3 s if the app (rightly) shows no
  // view until it knows the active project: either way the form must survive the answer.
  const timer = setTimeout(release, 3_000)
  await page.goto(app.url)
  await page.keyboard.press('Control+6')
  await page.getByRole('button', { name: 'Add project' }).click()
  await page.getByTestId('add-project').getByLabel('Name').fill('Typed before the list arrived')
  release()
  clearTimeout(timer)
  await released
  await expect(page.getByTestId('active-project')).toHaveText('Sandbox')
  await expect(page.getByTestId('add-project').getByLabel('Name')).toHaveValue(
    'Typed before the list arrived',
  )
})

test('a key the server rejects: a clear error, nothing saved', async ({ page, app }) => {
  await openProjects(page, app.url)
  await addProject(page, 'Acme production', 'kapso_definitely_wrong_key')
  await expect(page.getByTestId('add-project')).toContainText('This key was rejected by Kapso')
  await expect(page.getByTestId('project-Acme production')).toHaveCount(0)
  await expect(page.getByTestId('active-project')).toHaveText('Sandbox')
  expect(filesContaining(app.dataDir, 'kapso_definitely_wrong_key')).toEqual([])
})

test('a key the server accepts: the project appears, active, in its colour, and the key is nowhere', async ({
  page,
  app,
}) => {
  const framesToPage: string[] = []
  page.on('websocket', (ws) => ws.on('framereceived', (f) => framesToPage.push(String(f.payload))))

  await openProjects(page, app.url)
  await addProject(page, 'Acme production', sandbox.apiKey)

  const row = page.getByTestId('project-Acme production')
  await expect(row).toBeVisible()
  await expect(row).toContainText('active')
  await expect(row.getByTestId('key-mask')).toContainText(`••••••••${sandbox.apiKey.slice(-4)}`)
  await expect(page.getByTestId('active-project')).toHaveText('Acme production')
  const stripe = await page.locator('main').evaluate((el) => getComputedStyle(el).borderTopColor)
  expect(stripe).toBe('rgb(220, 38, 38)')
  await page.screenshot({ path: screenshotPath('screenshot-projects.png') })

  // The key's text, searched everywhere a leak could land.
  const key = sandbox.apiKey
  expect(await page.content()).not.toContain(key)
  expect(framesToPage.some((f) => f.includes(key))).toBe(false)
  const cdp = await page.context().newCDPSession(page)
  let snapshot = ''
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e: { chunk: string }) => {
    snapshot += e.chunk
  })
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
  const strings = (JSON.parse(snapshot) as { strings: string[] }).strings
  expect(strings.some((s) => s.includes(key))).toBe(false)

  expect(filesContaining(app.dataDir, key)).toEqual([])
  const logs = readdirSync(join(app.dataDir, 'logs')).map((f) =>
    readFileSync(join(app.dataDir, 'logs', f), 'utf8'),
  )
  expect(logs.join('\n')).not.toContain(key)
})

test('switching projects from the sidebar switches the active project everywhere', async ({ page, app }) => {
  await openProjects(page, app.url)
  await addProject(page, 'Second brand', sandbox.apiKey)
  await expect(page.getByTestId('active-project')).toHaveText('Second brand')

  await page
    .getByRole('button', { name: /Second brand/ })
    .first()
    .click()
  await page.getByRole('menuitem', { name: /Sandbox/ }).click()
  await expect(page.getByTestId('active-project')).toHaveText('Sandbox')
  await expect(page.getByTestId('about-project')).toHaveText('Sandbox')

  // Keyboard: open the menu, arrow to the other project, Enter.
  await page
    .getByRole('button', { name: /Sandbox/ })
    .first()
    .focus()
  await page.keyboard.press('Enter')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('active-project')).toHaveText('Second brand')
  await expect(page.getByTestId('about-project')).toHaveText('Second brand')
})

test('each project shows its own customers, and switching back brings the other list back', async ({
  page,
  app,
}) => {
  // A tenant that exists only in the second project's Kapso.
  const only = 'Second Brand Only Bakery'
  const client = createKapsoClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey, log: createLogger() })
  await client.customers.create({ name: only, external_customer_id: 'second-only-1' })
  const secondTotal = sandbox.store.customers.items.length

  await openProjects(page, app.url)
  await addProject(page, 'Second brand', sandbox.apiKey)
  await expect(page.getByTestId('active-project')).toHaveText('Second brand')

  const count = page.getByTestId('customer-count')
  const search = page.getByTestId('customer-search')
  await page.keyboard.press('Control+1')
  await expect(page.getByTestId('sync-status')).toContainText('Last synced', { timeout: 30_000 })
  await expect(count).toHaveText(`${secondTotal} customers`)
  await search.fill('bakery')
  await expect(
    page.getByTestId('customer-grid').getByRole('option', { name: new RegExp(only) }),
  ).toBeVisible()

  // Back to the Sandbox project: its own (much longer) list, without the other brand's tenant.
  await page
    .getByRole('button', { name: /Second brand/ })
    .first()
    .click()
  await page.getByRole('menuitem', { name: /Sandbox/ }).click()
  await expect(page.getByTestId('active-project')).toHaveText('Sandbox')
  await expect(page.getByTestId('sync-status')).toContainText('Last synced', { timeout: 30_000 })
  await expect(count).not.toHaveText(`${secondTotal} customers`)
  await search.fill(only)
  await expect(count).toHaveText('0 matching')

  // And forth again: the second brand's cached list is there at once.
  await page
    .getByRole('button', { name: /Sandbox/ })
    .first()
    .click()
  await page.getByRole('menuitem', { name: /Second brand/ }).click()
  await expect(page.getByTestId('active-project')).toHaveText('Second brand')
  await search.fill(only)
  await expect(count).toHaveText('1 matching')
})

test('moving a project to another host: a confirmation names both hosts, and the key is checked there before it is used', async ({
  page,
  app,
}) => {
  // The new host: another Kapso-compatible server, behind a proxy that writes down every X-API-Key it sees.
  const other = await startSandbox({ port: 0, customers: 4 })
  const newHost = await startRecordingProxy(other)
  try {
    await openProjects(page, app.url)
    await addProject(page, 'Moving brand', sandbox.apiKey)
    const row = page.getByTestId('project-Moving brand')
    await expect(row).toContainText('active')

    await row.getByRole('button', { name: 'Edit' }).click()
    const form = row.getByTestId('edit-project')
    await form.getByLabel('API host').fill(newHost.url)
    await form.getByRole('button', { name: 'Save changes' }).click()

    const dialog = page.getByRole('dialog', { name: /Move “Moving brand” to/ })
    await expect(dialog).toBeVisible()
    await expect(dialog.getByTestId('move-hosts')).toContainText(
      `From ${new URL(sandbox.url).host} to ${new URL(newHost.url).host}`,
    )
    await expect(dialog).toContainText('will be checked against')
    // Asked, not yet answered: nothing has reached the new host.
    expect(newHost.requests).toEqual([])

    // Cancel changes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect(dialog).toBeHidden()
    expect(newHost.requests).toEqual([])

    await form.getByRole('button', { name: 'Save changes' }).click()
    await dialog.getByRole('button', { name: 'Check the stored key and move' }).click()
    await expect(row.getByTestId('edit-project')).toHaveCount(0)
    await expect(row).toContainText(newHost.url)
    expect(newHost.requests[0]).toEqual({
      method: 'GET',
      path: '/platform/v1/customers?per_page=1',
      apiKey: sandbox.apiKey,
    })
  } finally {
    await newHost.close()
    await other.close()
  }
})
