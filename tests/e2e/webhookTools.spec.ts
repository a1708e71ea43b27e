import { createHmac } from 'node:crypto'
import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import { DEFAULT_SANDBOX_API_KEY } from '../../src/main/sandbox/sandboxServer'
import { expect, test } from './support/previewApp'
import { screenshotPath } from './support/screenshotPath'

async function bridge<T>(page: Page, name: string, input: unknown = {}): Promise<T> {
  return page.evaluate(
    async ([n, i]) => {
      // biome-ignore lint/suspicious/noExplicitAny: the test calls the bridge by name
      const result = await (window.kapso as any)[n as string](i)
      if (!result.ok) throw new Error(result.error.message)
      return result.data
    },
    [name, input] as const,
  )
}

async function startListening(page: Page, url: string) {
  await page.goto(url)
  await page.keyboard.press('Control+3')
  await page.getByRole('button', { name: 'Start listening' }).click()
  await expect(page.getByTestId('listen-state')).toHaveText('Listening')
  const status = await bridge<{ receiver: { port: number }; webhookUrl: string }>(page, 'webhooks.getStatus')
  return `http://127.0.0.1:${status.receiver.port}${new URL(status.webhookUrl).pathname}`
}

/** A developer's local app, the target of `--forward-to`. */
async function localApp(answer: string) {
  const seen: { path: string; body: string; signature: string | undefined }[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => {
      body += c
    })
    req.on('end', () => {
      seen.push({
        path: req.url ?? '',
        body,
        signature: req.headers['x-webhook-signature'] as string | undefined,
      })
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(answer)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    seen,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

test('trigger a signed sample, forward it to a local server, see its response', async ({ page, app }) => {
  const receiver = await startListening(page, app.url)
  expect(receiver).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/kapso-console\//)
  const local = await localApp('{"handled":true,"by":"my-app"}')
  try {
    await page.getByText('Forward to localhost').click()
    await page.getByLabel('Forward every event as it arrives').check()
    await page.getByTestId('forward-target').fill(`${local.url}/webhooks`)
    await page.getByRole('button', { name: 'Add route' }).click()
    await page.getByLabel('Route 1 event type').selectOption('whatsapp.message.received')
    await page.getByLabel('Route 1 path').fill('/hooks/messages')
    await page.getByRole('button', { name: 'Save forwarding' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible()

    await page.getByText('Trigger a sample event').click()
    await page.getByTestId('trigger-event').selectOption('whatsapp.message.received')
    await page.getByLabel('Batch of').fill('3')
    await page.getByRole('button', { name: 'Send sample' }).click()
    const triggered = page.getByRole('form', { name: 'Trigger' }).getByTestId('forward-attempt')
    await expect(triggered).toContainText('HTTP 200')
    await expect(triggered).toContainText('Trigger')

    // The three batched items arrive verified, and the one delivery went on to the route's path.
    const rows = page.locator('[role="option"][data-event-type="whatsapp.message.received"]')
    await expect(rows).toHaveCount(3)
    await expect(rows.first()).toContainText('Valid')
    await expect.poll(() => local.seen.map((s) => s.path)).toEqual(['/hooks/messages'])
    expect(JSON.parse(local.seen[0]!.body)).toMatchObject({ batch: true, batch_info: { size: 3 } })

    await rows.first().click()
    const detail = page.getByTestId('event-detail')
    const forward = detail.getByTestId('forward-attempt').first()
    await expect(forward).toHaveAttribute('data-state', 'ok')
    await expect(forward).toContainText('HTTP 200')
    await expect(forward).toContainText(`${local.url}/hooks/messages`)
    // Fold the tools away so the list and the detail fill the screenshot.
    await page.getByText('Trigger a sample event').click()
    await page.getByText('Forward to localhost').click()
    await forward.getByText(/Response body/).click()
    await expect(forward.getByTestId('forward-response')).toHaveText('{"handled":true,"by":"my-app"}')
    await page.screenshot({ path: screenshotPath('screenshot-webhooks-forwarding.png') })

    // Replay after editing: the local app gets the edited copy; the stored event is unchanged.
    await detail.getByRole('button', { name: 'Replay…' }).click()
    const editor = detail.getByLabel(/Body \(edit/)
    const original = await editor.inputValue()
    await editor.fill(original.replace('"batch":true', '"batch":true,"edited":1'))
    await detail.getByRole('button', { name: 'Send replay' }).click()
    await expect(detail.getByTestId('forward-attempt').first()).toContainText('Replay (edited body)')
    await expect.poll(() => local.seen.length).toBe(2)
    expect(local.seen[1]!.body).toContain('"edited":1')
    await expect(detail.getByTestId('raw-body')).not.toContainText('"edited"')
  } finally {
    await local.close()
  }
})

test('forward to a server that is down: kept as failed with the reason, retried on request', async ({
  page,
  app,
}) => {
  await startListening(page, app.url)
  const local = await localApp('ok')
  const port = Number(new URL(local.url).port)
  await local.close()
  await bridge(page, 'webhooks.forwarding.updateSettings', {
    enabled: true,
    target: `http://127.0.0.1:${port}/in`,
    routes: [],
    signing: { mode: 'original' },
  })
  await page.getByRole('button', { name: 'Send test event' }).click()
  const row = page.locator('[role="option"]').first()
  await row.click()
  const detail = page.getByTestId('event-detail')
  await expect(detail.getByTestId('forward-attempt').first()).toHaveAttribute('data-state', 'failed')
  await expect(detail).toContainText('connection refused')
  await expect(page.getByTestId('failed-forwards')).toHaveText('1 failed')
  // The Forwarding panel lists it too, with a way to retry every failed forward at once.
  await page.getByText('Forward to localhost').click()
  const recent = page.getByTestId('recent-attempts')
  await expect(recent.getByTestId('forward-attempt').first()).toContainText('No answer')
  await expect(recent.getByRole('button', { name: 'Retry failed (1)' })).toBeVisible()
  await page.getByText('Forward to localhost').click()

  const back = createServer((_req, res) => res.end('back up')).listen(port, '127.0.0.1')
  try {
    await detail.getByRole('button', { name: 'Retry' }).click()
    await expect(detail.getByTestId('forward-attempt').first()).toHaveAttribute('data-state', 'ok')
    await expect(detail.getByTestId('forward-attempt')).toHaveCount(2)
    await expect(detail.getByTestId('forward-attempt').nth(1)).toContainText('retried')
    await expect(page.getByTestId('failed-forwards')).toHaveCount(0)
  } finally {
    await new Promise((r) => back.close(r))
  }
})

test('open the signature lab on a tampered event and read the verdict', async ({ page, app }) => {
  const receiver = await startListening(page, app.url)
  const secret = 'whsec_tenant_lab_secret'
  await page.getByText('Secrets', { exact: true }).click()
  const secrets = page.getByRole('region', { name: 'Webhook tools' }).getByTestId('saved-secrets')
  await secrets.getByRole('textbox', { name: 'Name' }).fill('tenant prod')
  await secrets.getByRole('textbox', { name: 'Secret' }).fill(secret)
  await secrets.getByRole('button', { name: 'Save secret' }).click()
  await expect(secrets.getByRole('listitem')).toHaveText(/tenant prod/)
  // The value never comes back to the page.
  await expect(secrets.getByRole('textbox', { name: 'Secret' })).toHaveValue('')
  expect(await page.content()).not.toContain(secret)
  await page.getByText('Secrets', { exact: true }).click()

  const signed = '{"amount":10,"currency":"EUR"}'
  const tampered = '{"amount":1000,"currency":"EUR"}'
  const send = (body: string, over: string) =>
    fetch(receiver, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Webhook-Event': 'project.event',
        'X-Webhook-Signature': createHmac('sha256', secret).update(over).digest('hex'),
      },
      body,
    })
  await send(tampered, signed)
  const row = page.locator('[role="option"][data-event-type="project.event"]')
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('Invalid')
  await row.click()
  const detail = page.getByTestId('event-detail')
  await detail.getByRole('button', { name: 'Open signature lab' }).click()
  const lab = detail.getByTestId('signature-lab')
  await expect(lab.getByTestId('lab-summary')).toHaveText(
    'No match with any of 2 secrets: the body was changed after signing, or none of them is the signing secret.',
  )
  const candidate = lab.getByTestId('lab-candidate').filter({ hasText: 'tenant prod' })
  await expect(candidate).toHaveAttribute('data-verdict', 'no-match')
  await expect(candidate).toContainText('did not sign this body')
  await expect(lab.getByTestId('lab-received')).toHaveText(
    createHmac('sha256', secret).update(signed).digest('hex'),
  )
  expect(await page.content()).not.toContain(secret)
  await lab.scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath('screenshot-webhooks-lab.png') })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: screenshotPath('screenshot-webhooks-lab-dark.png') })
  await page.emulateMedia({ colorScheme: 'light' })

  // The untampered delivery: valid, and the lab explains why a re-serialising receiver would still fail it.
  const pretty = '{ "amount": 10, "currency": "EUR" }'
  await send(pretty, pretty)
  await expect(page.locator('[role="option"][data-event-type="project.event"]')).toHaveCount(2)
  await page.locator('[role="option"][data-event-type="project.event"]').nth(1).click()
  await detail.getByRole('button', { name: 'Open signature lab' }).click()
  await expect(lab.getByTestId('lab-summary')).toHaveText('Valid: “tenant prod” signed these exact bytes.')
  await expect(lab.getByTestId('lab-candidate').filter({ hasText: 'tenant prod' })).toHaveAttribute(
    'data-verdict',
    'raw-only',
  )
  await expect(lab).toContainText('spaces or line breaks that JSON.stringify drops')
})

test('Deliveries lists Kapso’s records; a row opens its local event; a failing tenant endpoint shows as not received here', async ({
  page,
  app,
}) => {
  await startListening(page, app.url)
  await page.getByRole('button', { name: 'Send test event' }).click()
  await expect(page.locator('[role="option"]')).toHaveCount(1)

  // A tenant's own endpoint that is down.
  const projects = await bridge<{ projects: { builtIn: boolean; baseUrl: string }[] }>(page, 'projects.list')
  const base = projects.projects.find((p) => p.builtIn)!.baseUrl
  const api = async (path: string, body: unknown) => {
    const res = await fetch(`${base}/platform/v1${path}`, {
      method: 'POST',
      headers: { 'X-API-Key': DEFAULT_SANDBOX_API_KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
    // biome-ignore lint/suspicious/noExplicitAny: the test reads API bodies loosely
    return ((await res.json()) as any).data
  }
  const hook = await api('/whatsapp/webhooks', {
    whatsapp_webhook: {
      url: 'http://127.0.0.1:9/tenant/webhooks',
      events: ['whatsapp.phone_number.created'],
    },
  })
  await api(`/whatsapp/webhooks/${hook.id}/test`, {})

  await page.getByRole('tab', { name: 'Deliveries' }).click()
  const rows = page.getByTestId('delivery-row')
  await expect(rows).toHaveCount(2)
  const tenant = rows.filter({ hasText: '/tenant/webhooks' })
  await expect(tenant).toContainText('not received here')
  const ours = rows.filter({ hasText: '/kapso-console/' })
  await expect(ours).toHaveAttribute('data-status', 'delivered')
  await expect(ours).toContainText('200')
  await page.screenshot({ path: screenshotPath('screenshot-webhooks-deliveries.png') })

  await page.getByTestId('delivery-status').selectOption('delivered')
  await expect(rows).toHaveCount(1)
  await ours.getByRole('button', { name: 'Open local event' }).click()
  await expect(page.getByRole('tab', { name: 'Events' })).toHaveAttribute('aria-selected', 'true')
  const detail = page.getByTestId('event-detail')
  await expect(detail.getByRole('heading', { name: 'whatsapp.phone_number.created' })).toBeVisible()
})

test('save a view, export NDJSON, clear, import it back as read-only history', async ({ page, app }) => {
  const receiver = await startListening(page, app.url)
  for (const body of ['{"phone_number_id":"1"}', '{"phone_number_id":"2"}']) {
    await fetch(receiver, {
      method: 'POST',
      headers: { 'X-Webhook-Event': 'whatsapp.phone_number.created' },
      body,
    })
  }
  await fetch(receiver, {
    method: 'POST',
    headers: { 'X-Webhook-Event': 'project.event' },
    body: '{"name":"x"}',
  })
  await expect(page.locator('[role="option"]')).toHaveCount(3)

  await page.getByTestId('filter-type').selectOption('whatsapp.phone_number.created')
  await page.getByRole('button', { name: 'Save view…' }).click()
  await page.getByLabel('View name').fill('Numbers created')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByTestId('saved-view')).toHaveValue('Numbers created')

  // The view survives a reload (it lives in the project's database).
  await page.reload()
  await page.keyboard.press('Control+3')
  await page.getByTestId('saved-view').selectOption('Numbers created')
  await expect(page.getByTestId('event-count')).toHaveText('2 matching')

  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export NDJSON' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/\.ndjson$/)
  const file = await download.path()
  await expect(page.getByRole('status').filter({ hasText: 'Exported 2 deliveries' })).toBeVisible()

  page.once('dialog', (d) => void d.accept())
  await page.getByRole('button', { name: 'Reset' }).click()
  await page.getByRole('button', { name: 'Clear' }).click()
  await expect(page.getByText('No webhook events yet')).toBeVisible()
  await page.getByTestId('import-file').setInputFiles(file)
  await expect(page.getByRole('status').filter({ hasText: 'Imported 2 events' })).toBeVisible()
  const rows = page.locator('[role="option"]')
  await expect(rows).toHaveCount(2)
  await expect(rows.first()).toContainText('imported')
  await rows.first().click()
  await expect(page.getByTestId('imported-note')).toBeVisible()
})

test('never silently deaf: the public URL stops answering, a banner says so, and after it is back the gap is compared with Kapso’s records', async ({
  page,
  app,
}) => {
  test.setTimeout(90_000)
  // The person's own public URL: a proxy in front of the receiver that this test can take down.
  const receiverPort = await freePort()
  const proxyPort = await freePort()
  const startProxy = async () => {
    const server = createServer((req, res) => {
      const upstream = httpRequest(
        { host: '127.0.0.1', port: receiverPort, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        },
      )
      upstream.on('error', () => res.destroy())
      req.pipe(upstream)
    })
    await new Promise<void>((r) => server.listen(proxyPort, '127.0.0.1', r))
    return () =>
      new Promise<void>((r) => {
        server.close(() => r())
        server.closeAllConnections()
      })
  }
  let stopProxy = await startProxy()
  try {
    await page.goto(app.url)
    await page.keyboard.press('Control+3')
    await bridge(page, 'webhooks.updateSettings', {
      port: receiverPort,
      tunnel: { kind: 'public-url', publicUrl: `http://127.0.0.1:${proxyPort}` },
    })
    await page.reload()
    await page.keyboard.press('Control+3')
    await page.getByRole('button', { name: 'Start listening' }).click()
    await expect(page.getByTestId('listen-state')).toHaveText('Listening')

    await stopProxy()
    // Kapso tries while nobody can hear; its retry comes 10 s later.
    await page.getByRole('button', { name: 'Send test event' }).click()
    await expect(page.getByTestId('deaf-banner')).toContainText('Not hearing Kapso since', {
      timeout: 25_000,
    })
    await expect(page.getByTestId('deaf-banner')).toContainText(
      'the public webhook URL (tunnel) stopped answering',
    )
    await page.screenshot({ path: screenshotPath('screenshot-webhooks-deaf.png') })

    stopProxy = await startProxy()
    const gap = page.getByTestId('gap-banner')
    await expect(gap).toContainText('Deaf from', { timeout: 25_000 })
    await expect(gap).toContainText(/Kapso made [1-9]\d* deliver(y|ies) to this session meanwhile/)
    await page.screenshot({ path: screenshotPath('screenshot-webhooks-gap.png') })
    // Kapso's retry reaches the console once the URL answers; checking again then finds nothing missing.
    await expect(page.locator('[role="option"]')).toHaveCount(1, { timeout: 30_000 })
    await gap.getByRole('button', { name: 'Check again' }).click()
    await expect(gap).toContainText('none was missed')
    await gap.getByRole('button', { name: 'Dismiss' }).click()
    await expect(gap).toHaveCount(0)
  } finally {
    await stopProxy()
  }
})

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as AddressInfo).port
  await new Promise<void>((r) => s.close(() => r()))
  return port
}
