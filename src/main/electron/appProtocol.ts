import { protocol } from 'electron'
import { buildCsp } from '../security/csp'
import { readStatic } from '../security/staticFiles'

/** The renderer is served from app://bundle/ rather than file://, so it has a real origin to check. */
export const APP_SCHEME = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://bundle`

/** Must run before `app.whenReady()`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

export function serveRenderer(rendererDir: string): void {
  const csp = buildCsp()
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    if (url.host !== 'bundle') return new Response('Not found', { status: 404 })
    const file = await readStatic(rendererDir, url.pathname)
    return new Response(file.body, {
      status: file.status,
      headers: {
        'Content-Type': file.type,
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
      },
    })
  })
}
