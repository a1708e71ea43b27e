import { execFile, execFileSync } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'
import { curlCommand } from '../../../src/shared/webhooks/curl'

test('copy as curl quotes everything for sh and leaves connection headers out', () => {
  const cmd = curlCommand({
    method: 'POST',
    url: 'http://127.0.0.1:4000/kapso-console/a/b',
    headers: [
      ['Host', 'x'],
      ['Content-Length', '12'],
      ['X-Webhook-Event', 'whatsapp.phone_number.created'],
      ['X-Odd', "it's"],
    ],
    body: `{"name":"O'Brien"}`,
    bodyEncoding: 'utf8',
  })
  expect(cmd).not.toMatch(/Host:|Content-Length/)
  expect(cmd).toContain(`-H 'X-Odd: it'\\''s'`)
  expect(cmd).toContain(`--data-binary '{"name":"O'\\''Brien"}'`)
})

test('the command, run by sh, sends the same bytes and headers (curl is real here)', async (ctx) => {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' })
  } catch {
    console.log('curl.test: curl is not installed; skipping the replay check')
    ctx.skip()
  }
  const got: { body: Buffer; headers: Record<string, unknown> }[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      got.push({ body: Buffer.concat(chunks), headers: req.headers })
      res.end('ok')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/p`
  const body = `{"a":"it's \\"quoted\\" $HOME \`x\`","n":1}\n`
  // Async: the server answering curl lives in this process.
  const sh = promisify(execFile)
  await sh('sh', [
    '-c',
    curlCommand({ method: 'POST', url, headers: [['X-Sig', 'ab$c']], body, bodyEncoding: 'utf8' }),
  ])
  const binary = Buffer.from([0, 255, 10, 39, 92])
  await sh('sh', [
    '-c',
    curlCommand({
      method: 'POST',
      url,
      headers: [],
      body: binary.toString('base64'),
      bodyEncoding: 'base64',
    }),
  ])
  server.close()
  expect(got[0]!.body.toString()).toBe(body)
  expect(got[0]!.headers['x-sig']).toBe('ab$c')
  expect(got[1]!.body.equals(binary)).toBe(true)
})
