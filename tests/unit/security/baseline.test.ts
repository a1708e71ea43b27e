import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { parse } from 'yaml'
import { secureWebPreferences } from '../../../src/main/electron/webPreferences'
import { buildCsp } from '../../../src/main/security/csp'

test('every window is isolated and sandboxed, with no Node in the page', () => {
  expect(secureWebPreferences).toMatchObject({
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
  })
})

test('the CSP allows scripts only from the bundle: no inline, no eval, nothing remote', () => {
  const csp = buildCsp()
  const directives = Object.fromEntries(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/)
      return [name, values]
    }),
  )
  expect(directives['default-src']).toEqual(["'none'"])
  expect(directives['script-src']).toEqual(["'self'"])
  expect(directives['connect-src']).toEqual(["'self'"])
  expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*/)
})

test('index.html carries the same CSP as the header, less what a <meta> cannot carry', () => {
  const html = readFileSync('src/renderer/index.html', 'utf8')
  const meta = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/)
  expect(meta?.[1]).toBe(buildCsp('meta'))
  expect(buildCsp('header')).toContain("frame-ancestors 'none'")
})

test('the packaged app sets the Electron fuses that close Node back doors', () => {
  const config = parse(readFileSync('electron-builder.yml', 'utf8')) as {
    electronFuses: Record<string, boolean>
  }
  expect(config.electronFuses).toMatchObject({
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
  })
})
