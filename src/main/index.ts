import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  app,
  BrowserWindow,
  ClipboardItem,
  clipboard,
  dialog,
  ipcMain,
  Notification,
  powerMonitor,
  protocol,
  session,
  shell,
  utilityProcess,
} from 'electron'
import { createCore } from './core/createCore'
import { appName, appVersion } from './core/packageInfo'
import { installAppMenu } from './electron/appMenu'
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './electron/appProtocol'
import { hardenWebContents } from './electron/hardening'
import { registerIpc } from './electron/ipcBridge'
import { electronKeychainSpawner } from './electron/keychainSpawner'
import { createMainWindow } from './electron/mainWindow'
import { checkWebhooksOnResume } from './electron/resumeHook'
import { createElectronTunnelHost } from './electron/tunnelHost'
import { createLogger } from './log/logger'
import { raiseFdLimit } from './net/fdLimit'
import { createProcessSecretStore } from './secrets/processSecretStore'
import { createElectronLinkHost } from './setupLinks/electronHost'
import { restrictUmask } from './store/privateFiles'

const here = dirname(fileURLToPath(import.meta.url))

// Only Electron wiring here: windows, menu, ipcMain, lifecycle. The console itself is createCore().

// Before anything writes to userData (Chromium included): new files 0600, folders 0700.
restrictUmask()

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  // Tests point this at a fresh folder so each run starts clean.
  if (process.env.KAPSO_DATA_DIR) app.setPath('userData', process.env.KAPSO_DATA_DIR)
  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
  const appOrigin = () => (devUrl ? new URL(devUrl).origin : APP_ORIGIN)

  registerAppScheme(protocol)
  const log = createLogger({
    file: join(app.getPath('userData'), 'logs', 'main.log'),
    console: !app.isPackaged,
  })
  hardenWebContents(appOrigin, log, { app, session, shell })
  // Best-effort headroom for sockets, SQLite and child pipes (see fdLimit.ts); logged, never fatal.
  void raiseFdLimit(log)

  let mainWindow: BrowserWindow | null = null
  const open = () => {
    mainWindow = createMainWindow(join(here, '../preload'), devUrl ?? `${APP_ORIGIN}/index.html`)
    mainWindow.on('closed', () => {
      mainWindow = null
    })
  }

  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  app.whenReady().then(() => {
    const core = createCore({
      appName,
      appVersion,
      dataDir: app.getPath('userData'),
      // Keychain calls run in a utilityProcess: a stuck Secret Service cannot freeze this thread.
      secrets: createProcessSecretStore({
        spawn: electronKeychainSpawner(utilityProcess, join(here, 'keychainHost.js')),
        log,
      }),
      log,
      electronVersion: process.versions.electron ?? null,
      setupLinkHost: createElectronLinkHost(
        { clipboard, ClipboardItem, dialog, BrowserWindow, Notification, parentWindow: () => mainWindow },
        log,
      ),
      tunnelHost: createElectronTunnelHost({ dialog, parentWindow: () => mainWindow }),
    })
    serveRenderer(protocol, join(here, '../renderer'))
    registerIpc(core, appOrigin, { ipcMain, BrowserWindow })
    installAppMenu()
    open()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open()
    })
    app.on('will-quit', () => void core.dispose())
    checkWebhooksOnResume(powerMonitor, core.webhooks, log)
    log.info('app started', { version: appVersion, electron: process.versions.electron })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
