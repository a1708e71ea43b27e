/**
 * The app:// protocol handler, run against a typed stand-in of Electron's
 * `protocol` (the one boundary faked: no Electron binary here) and a real
 * renderer folder on disk, with real fetch Request/Response objects.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { AppProtocol } from '../../../src/main/electron/appProtocol'
import {
  APP_ORIGIN,
  APP_SCHEME,
  registerAppScheme,
  serveRenderer,
} from '../../../src/main/electron/appProtocol'
import { buildCsp } from '../../../src/main/security/csp'

type Handler = Parameters<AppProtocol['handle']>[1]

let root: string
let rendererDir: string

beforeEach(() => {
  // out/renderer's shape, with a secret next to it that must stay out of reach.
  root = mkdtempSync(join(tmpdir(), 'kapso-app-protocol-'))
  rendererDir = join(root, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Kapso</title>')
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(root, 'secret.txt'), 'not for the page')
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

function serve(): (url: string) => Promise<Response> {
  const handlers = new Map<string, Handler>()
  const protocol: Pick<AppProtocol, 'handle'> = {
    handle: (scheme, handler) => {
      handlers.set(scheme, handler)
    },
  }
  serveRenderer(protocol, rendererDir)
  expect([...handlers.keys()]).toEqual([APP_SCHEME])
  const handler = handlers.get(APP_SCHEME)
  if (!handler) throw new Error('no handler')
  return async (url) => handler(new Request(url) as Parameters<Handler>[0])
}

describe('app:// protocol', () => {
  test('the scheme is registered as standard and secure, with fetch, before ready', () => {
    const registered: unknown[] = []
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => registered.push(...schemes) })
    expect(registered).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
  })

  test('files inside the renderer folder are served with their type and the CSP header', async () => {
    const fetchApp = serve()
    const index = await fetchApp(`${APP_ORIGIN}/`)
    expect(index.status).toBe(200)
    expect(await index.text()).toContain('<title>Kapso</title>')
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(index.headers.get('content-security-policy')).toBe(buildCsp())
    expect(index.headers.get('x-content-type-options')).toBe('nosniff')

    const script = await fetchApp(`${APP_ORIGIN}/assets/app.js`)
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await script.text()).toBe('console.log(1)')
  })

  test.each([
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e%5csecret.txt',
    '/%2Fetc%2Fpasswd',
    '/index.html%00.js',
  ])('%s never reaches a file outside the renderer folder', async (path) => {
    const fetchApp = serve()
    const response = await fetchApp(`${APP_ORIGIN}${path}`)
    expect([403, 404]).toContain(response.status)
    expect(await response.text()).not.toContain('not for the page')
    expect(response.headers.get('content-security-policy')).toBe(buildCsp())
  })

  test('a missing file is 404 and another host is 404, both still with the CSP header', async () => {
    const fetchApp = serve()
    for (const url of [`${APP_ORIGIN}/nope.js`, 'app://other/index.html']) {
      const response = await fetchApp(url)
      expect(response.status, url).toBe(404)
      expect(response.headers.get('content-security-policy'), url).toBe(buildCsp())
    }
  })
})
