import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import WebSocket from 'ws'
import { expect, test } from './support/previewApp'

test('a malformed call from the page is refused with validation, and the app keeps working', async ({
  page,
  app,
}) => {
  await page.goto(app.url)
  await page.getByRole('button', { name: /Settings/ }).click()
  await expect(page.getByTestId('about-version')).toBeVisible()

  const refused = await page.evaluate(async () => {
    const bridge = window.kapso as unknown as Record<string, (input: unknown) => Promise<unknown>>
    return bridge['app.getAbout']!({ path: '../../etc/passwd' })
  })
  expect(refused).toMatchObject({ ok: false, error: { code: 'validation' } })

  // An unknown call over the page's own (authorised) socket.
  const unknown = await page.evaluate(async () => {
    const token = sessionStorage.getItem('kapso-preview-token')
    const ws = new WebSocket(`ws://${location.host}/bridge?token=${token}`)
    await new Promise((r) => ws.addEventListener('open', r))
    // The socket also carries events (a background sync's customers.changed): wait for the reply to id 7.
    const reply = new Promise<string>((r) =>
      ws.addEventListener('message', (m) => {
        if ((JSON.parse(String(m.data)) as { id?: unknown }).id === 7) r(String(m.data))
      }),
    )
    ws.send(JSON.stringify({ id: 7, call: 'shell.exec', input: 'rm -rf /' }))
    return JSON.parse(await reply)
  })
  expect(unknown).toMatchObject({ id: 7, result: { ok: false, error: { code: 'unknown_call' } } })

  // Still alive: a real call succeeds and the UI refreshes.
  await page.getByRole('button', { name: 'Refresh' }).click()
  await expect(page.getByTestId('about-version')).toBeVisible()
  const ok = await page.evaluate(() => window.kapso!['app.getAbout']())
  expect(ok).toMatchObject({ ok: true })

  const log = readFileSync(join(app.dataDir, 'logs', 'preview.log'), 'utf8')
  expect(log).toContain('invalid input')
  expect(log).toContain('unknown call')
})

test('a page on a foreign origin cannot open the bridge, even with the token', async ({ page, app }) => {
  const token = new URL(app.url).hash.replace('#token=', '')
  const status = await new Promise<number>((resolve) => {
    const ws = new WebSocket(`${app.origin.replace('http', 'ws')}/bridge?token=${token}`, {
      origin: 'http://attacker.localhost:8080',
    })
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.once('open', () => resolve(101))
  })
  expect(status).toBe(403)
  const log = readFileSync(join(app.dataDir, 'logs', 'preview.log'), 'utf8')
  expect(log).toContain('foreign origin')
  expect(log).not.toContain(token)
  await page.goto(app.url)
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible()
})

test('the built renderer has no inline script and forbids remote and inline scripts', async () => {
  const html = readFileSync('out/renderer/index.html', 'utf8')
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
  expect(scripts.length).toBeGreaterThan(0)
  for (const [, attrs, body] of scripts) {
    expect(body?.trim()).toBe('')
    expect(attrs).toMatch(/src="\.?\/assets\//)
  }
  const csp = html.match(/content="(default-src[^"]+)"/)?.[1] ?? ''
  expect(csp).toContain("script-src 'self'")
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/)
  expect(readdirSync('out/preload')).toContain('index.cjs')
})
