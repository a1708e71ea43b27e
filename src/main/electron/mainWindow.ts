import { join } from 'node:path'
import { BrowserWindow, nativeTheme } from 'electron'
import { secureWebPreferences } from './webPreferences'

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
