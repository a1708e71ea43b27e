import type * as Electron from 'electron'
import { buildCsp } from '../security/csp'
import { readStatic } from '../security/staticFiles'

/** The renderer is served from app://bundle/ rather than file://, so it has a real origin to check. */
export const APP_SCHEME = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://bundle`

/**
 * Electron's `protocol` module, passed in by src/main/index.ts so this module
 * never imports Electron at run time and the handler can be tested under plain
 * Node (tests/unit/electron/appProtocol.test.ts).
 */
export type AppProtocol = Pick<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle'>

/** Must run before `app.whenReady()`. */
export function registerAppScheme(protocol: Pick<AppProtocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

/** Answers app://bundle/<path> with the file inside `rendererDir`, always with the CSP header. */
export function serveRenderer(protocol: Pick<AppProtocol, 'handle'>, rendererDir: string): void {
  const csp = buildCsp()
  const respond = (status: number, body: Buffer, type: string) =>
    new Response(new Uint8Array(body), {
      status,
      headers: { 'Content-Type': type, 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' },
    })
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    if (url.host !== 'bundle') return respond(404, Buffer.from('Not found'), 'text/plain')
    const file = await readStatic(rendererDir, url.pathname)
    return respond(file.status, file.body, file.type)
  })
}
