import { join } from 'node:path'
import { BrowserWindow, nativeTheme } from 'electron'

/** The security-relevant webPreferences live here and nowhere else (a unit test reads them). */
export const secureWebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
} as const

export function createMainWindow(preloadDir: string, url: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Kapso Console',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#111418' : '#ffffff',
    webPreferences: { ...secureWebPreferences, preload: join(preloadDir, 'index.cjs') },
  })
  win.once('ready-to-show', () => win.show())
  void win.loadURL(url)
  return win
}
