import type * as Electron from 'electron'
import type { Logger } from '../log/logger'
import { isAllowedExternalUrl, isSameOrigin, parseUrl } from '../security/urls'

/** An Electron event the guards may cancel. */
export type Preventable = { preventDefault(): void }

/** What the guards touch on each webContents; a real WebContents satisfies it. */
export interface GuardedContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
  on(event: 'will-navigate', listener: (event: Preventable, url: string) => void): unknown
  on(event: 'will-redirect', listener: (event: Preventable, url: string) => void): unknown
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown
}

/** Electron's permission names, as its own typings list them. */
export type PermissionName = Parameters<
  NonNullable<Parameters<Electron.Session['setPermissionRequestHandler']>[0]>
>[1]
export type CheckedPermissionName = Parameters<
  NonNullable<Parameters<Electron.Session['setPermissionCheckHandler']>[0]>
>[1]

/**
 * The parts of Electron the guards use, passed in by src/main/index.ts so this
 * module never imports Electron at run time and each guard can be tested under
 * plain Node (tests/unit/electron/hardening.test.ts). Electron's own `app`,
 * `session` and `shell` satisfy these types; the type checker proves it there.
 */
export interface HardeningElectron {
  app: {
    on(event: 'web-contents-created', listener: (event: unknown, contents: GuardedContents) => void): unknown
    whenReady(): Promise<unknown>
  }
  session: {
    defaultSession: {
      setPermissionRequestHandler(
        handler: (
          contents: unknown,
          permission: PermissionName,
          callback: (granted: boolean) => void,
        ) => void,
      ): void
      setPermissionCheckHandler(
        handler: (contents: unknown, permission: CheckedPermissionName) => boolean,
      ): void
    }
  }
  shell: Pick<Electron.Shell, 'openExternal'>
}

/**
 * One handler for every webContents ever created: no new windows, no
 * navigation away from the app, no <webview>. https links the person clicks
 * open in the default browser after a parsed check.
 */
export function hardenWebContents(appOrigin: () => string, log: Logger, electron: HardeningElectron): void {
  const openOutside = (url: string) => {
    // The browser gets the URL as we parsed it, never the raw text another parser might read differently.
    const parsed = parseUrl(url)
    if (parsed && isAllowedExternalUrl(url)) void electron.shell.openExternal(parsed.href)
    else log.warn('blocked a link that is not plain https', { url: url.slice(0, 200) })
  }

  electron.app.on('web-contents-created', (_event, contents: GuardedContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      openOutside(url)
      return { action: 'deny' }
    })
    contents.on('will-navigate', (event, url) => {
      if (isSameOrigin(url, appOrigin())) return
      event.preventDefault()
      openOutside(url)
    })
    contents.on('will-redirect', (event, url) => {
      if (!isSameOrigin(url, appOrigin())) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })

  void electron.app.whenReady().then(() => {
    // Deny-by-default: the page needs no camera, geolocation, notifications or the like.
    electron.session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => {
      log.info('denied a permission request', { permission })
      callback(false)
    })
    electron.session.defaultSession.setPermissionCheckHandler(() => false)
  })
}
