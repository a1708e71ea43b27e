import { app, session, shell, type WebContents } from 'electron'
import type { Logger } from '../log/logger'
import { isAllowedExternalUrl, isSameOrigin } from '../security/urls'

/**
 * One handler for every webContents ever created: no new windows, no
 * navigation away from the app, no <webview>. https links the person clicks
 * open in the default browser after a parsed check.
 */
export function hardenWebContents(appOrigin: () => string, log: Logger): void {
  const openOutside = (url: string) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url)
    else log.warn('blocked a link that is not plain https', { url: url.slice(0, 200) })
  }

  app.on('web-contents-created', (_event, contents: WebContents) => {
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

  app.whenReady().then(() => {
    // Deny-by-default: the page needs no camera, geolocation, notifications or the like.
    session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => {
      log.info('denied a permission request', { permission })
      callback(false)
    })
    session.defaultSession.setPermissionCheckHandler(() => false)
  })
}
