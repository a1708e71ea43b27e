import { writeFile } from 'node:fs/promises'
import type * as Electron from 'electron'
import { secureWebPreferences } from '../electron/webPreferences'
import type { Logger } from '../log/logger'
import type { HostOutcome, SetupLinkHost } from './host'

/** The window dialogs belong to and a notification click brings back; a BrowserWindow satisfies it. */
export type ParentWindow = Pick<Electron.BrowserWindow, 'isMinimized' | 'restore' | 'focus'>

/** The hidden window sheets are printed from; a BrowserWindow satisfies it. */
export interface SheetWindow {
  loadURL(url: string): Promise<void>
  destroy(): void
  webContents: Pick<Electron.WebContents, 'print' | 'printToPDF'>
}

/** What the host does with a notification; Electron's Notification satisfies it. */
export interface ShownNotification {
  on(event: 'click', listener: () => void): unknown
  on(event: 'close', listener: () => void): unknown
  show(): void
}

/**
 * The Electron modules this host uses, passed in by src/main/index.ts so nothing
 * here imports Electron, narrowed to exactly what is called so the type checker
 * proves that Electron's own modules (in index.ts) and the stand-ins in
 * tests/unit/electron/electronHost.test.ts both fit. `Item` is Electron's ClipboardItem.
 */
export interface ElectronLinkModules<Item = Electron.ClipboardItem> {
  clipboard: { write(items: Item[]): Promise<void> }
  ClipboardItem: new (items: Record<string, Blob>) => Item
  dialog: {
    showSaveDialog(
      window: ParentWindow,
      options: Electron.SaveDialogOptions,
    ): Promise<Electron.SaveDialogReturnValue>
    showSaveDialog(options: Electron.SaveDialogOptions): Promise<Electron.SaveDialogReturnValue>
  }
  BrowserWindow: new (options: Electron.BrowserWindowConstructorOptions) => SheetWindow
  Notification: {
    new (options: { title: string; body: string }): ShownNotification
    isSupported(): boolean
  }
  /** The window dialogs belong to. */
  parentWindow(): ParentWindow | null
}

export function createElectronLinkHost<Item>(e: ElectronLinkModules<Item>, log: Logger): SetupLinkHost {
  const shown = new Set<ShownNotification>()
  const save = async (defaultName: string, filter: { name: string; extensions: string[] }) => {
    const parent = e.parentWindow()
    const options = { defaultPath: defaultName, filters: [filter] }
    const result = parent
      ? await e.dialog.showSaveDialog(parent, options)
      : await e.dialog.showSaveDialog(options)
    return result.canceled || !result.filePath ? null : result.filePath
  }

  /** A hidden, script-less, sandboxed window that only ever shows the sheet HTML it is given. */
  const withSheetWindow = async <T>(html: string, work: (win: SheetWindow) => Promise<T>): Promise<T> => {
    const win = new e.BrowserWindow({
      show: false,
      webPreferences: { ...secureWebPreferences, javascript: false },
    })
    try {
      await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html).toString('base64')}`)
      return await work(win)
    } finally {
      win.destroy()
    }
  }

  return {
    name: 'electron',
    async copyPng(png) {
      // Electron 45's clipboard takes typed items, as the web's does.
      await e.clipboard.write([new e.ClipboardItem({ 'image/png': new Blob([png], { type: 'image/png' }) })])
      return true
    },
    async saveFile(request): Promise<HostOutcome> {
      const path = await save(request.defaultName, request.filter)
      if (!path) return { outcome: 'cancelled' }
      await writeFile(path, request.data)
      return { outcome: 'done', path }
    },
    async printHtml(html, as, defaultName): Promise<HostOutcome> {
      if (as === 'pdf') {
        const path = await save(defaultName, { name: 'PDF document', extensions: ['pdf'] })
        if (!path) return { outcome: 'cancelled' }
        const pdf = await withSheetWindow(html, (win) =>
          win.webContents.printToPDF({ pageSize: 'A4', printBackground: true }),
        )
        await writeFile(path, pdf)
        return { outcome: 'done', path }
      }
      return withSheetWindow(
        html,
        (win) =>
          new Promise<HostOutcome>((resolve) => {
            win.webContents.print({ silent: false, printBackground: true }, (success, reason) => {
              if (!success && reason !== 'cancelled')
                log.warn('printing setup link sheets failed', { reason })
              resolve(success ? { outcome: 'done', path: null } : { outcome: 'cancelled' })
            })
          }),
      )
    },
    notify(title, body, onClick) {
      if (!e.Notification.isSupported()) {
        log.info('desktop notifications are not supported here', { title })
        return
      }
      const n = new e.Notification({ title, body })
      // Held until it is closed: a notification collected by the GC loses its click handler.
      shown.add(n)
      n.on('close', () => shown.delete(n))
      n.on('click', () => {
        shown.delete(n)
        const win = e.parentWindow()
        if (win) {
          if (win.isMinimized()) win.restore()
          win.focus()
        }
        onClick?.()
      })
      n.show()
    },
  }
}
