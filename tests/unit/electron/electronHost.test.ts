/**
 * The desktop host for setup links (clipboard, save, print, notifications),
 * run against typed stand-ins of exactly the Electron modules it is handed
 * (the one boundary faked: no Electron binary here). Files are written to a
 * real temp folder. ElectronLinkModules is what Electron's own modules
 * satisfy in src/main/index.ts, so these stand-ins cannot drift from it.
 */
import { EventEmitter } from 'node:events'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type * as Electron from 'electron'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { secureWebPreferences } from '../../../src/main/electron/webPreferences'
import type {
  ElectronLinkModules,
  ParentWindow,
  SheetWindow,
  ShownNotification,
} from '../../../src/main/setupLinks/electronHost'
import { createElectronLinkHost } from '../../../src/main/setupLinks/electronHost'
import { captureLog } from './support'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kapso-electron-host-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

class StandInClipboardItem {
  constructor(readonly items: Record<string, Blob>) {}
}

interface Options {
  /** What the save dialog answers: a file name inside the temp folder, or null for Cancel. */
  saveAs?: string | null
  hasParent?: boolean
  notificationsSupported?: boolean
  /** What webContents.print reports to its callback. */
  printResult?: [success: boolean, reason: string]
  loadFails?: boolean
}

function setup(options: Options = {}) {
  const record = {
    clipboard: [] as StandInClipboardItem[][],
    dialogs: [] as Array<{ parent: boolean; options: Electron.SaveDialogOptions }>,
    windows: [] as Array<{
      options: Electron.BrowserWindowConstructorOptions
      url: string | null
      destroyed: boolean
      printed: unknown[]
    }>,
    notifications: [] as Array<{
      options: { title: string; body: string }
      shown: boolean
      emitter: EventEmitter
    }>,
    parent: { minimized: true, restored: 0, focused: 0 },
  }
  const parent: ParentWindow = {
    isMinimized: () => record.parent.minimized,
    restore: () => {
      record.parent.restored++
      record.parent.minimized = false
    },
    focus: () => void record.parent.focused++,
  }
  const saveAs = options.saveAs === undefined ? 'out.bin' : options.saveAs
  const answer = async (): Promise<Electron.SaveDialogReturnValue> =>
    saveAs === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: join(dir, saveAs) }

  class StandInWindow implements SheetWindow {
    private readonly entry: (typeof record.windows)[number]
    constructor(windowOptions: Electron.BrowserWindowConstructorOptions) {
      this.entry = { options: windowOptions, url: null, destroyed: false, printed: [] }
      record.windows.push(this.entry)
    }
    async loadURL(url: string) {
      if (options.loadFails) throw new Error('ERR_FAILED')
      this.entry.url = url
    }
    destroy() {
      this.entry.destroyed = true
    }
    webContents: SheetWindow['webContents'] = {
      printToPDF: async (pdfOptions) => {
        this.entry.printed.push(pdfOptions)
        return Buffer.from('%PDF-stand-in')
      },
      print: (printOptions, callback) => {
        this.entry.printed.push(printOptions)
        const [success, reason] = options.printResult ?? [true, '']
        callback?.(success, reason)
      },
    }
  }

  class StandInNotification extends EventEmitter implements ShownNotification {
    private readonly entry: (typeof record.notifications)[number]
    constructor(notificationOptions: { title: string; body: string }) {
      super()
      this.entry = { options: notificationOptions, shown: false, emitter: this }
      record.notifications.push(this.entry)
    }
    show() {
      this.entry.shown = true
    }
    static isSupported() {
      return options.notificationsSupported ?? true
    }
  }

  const modules: ElectronLinkModules<StandInClipboardItem> = {
    clipboard: {
      write: async (items) => {
        record.clipboard.push(items)
      },
    },
    ClipboardItem: StandInClipboardItem,
    dialog: {
      showSaveDialog: async (
        ...args: [ParentWindow, Electron.SaveDialogOptions] | [Electron.SaveDialogOptions]
      ) => {
        if (args.length === 2) record.dialogs.push({ parent: args[0] === parent, options: args[1] })
        else record.dialogs.push({ parent: false, options: args[0] })
        return answer()
      },
    },
    BrowserWindow: StandInWindow,
    Notification: StandInNotification,
    parentWindow: () => (options.hasParent === false ? null : parent),
  }
  const { log, lines } = captureLog()
  return { host: createElectronLinkHost(modules, log), record, lines }
}

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])

describe('electron host: clipboard', () => {
  test('copyPng puts one image/png item with exactly the bytes on the system clipboard', async () => {
    const { host, record } = setup()
    await expect(host.copyPng(png)).resolves.toBe(true)
    expect(record.clipboard).toHaveLength(1)
    const [items] = record.clipboard
    expect(items).toHaveLength(1)
    const blob = items?.[0]?.items['image/png']
    expect(Object.keys(items?.[0]?.items ?? {})).toEqual(['image/png'])
    expect(blob?.type).toBe('image/png')
    expect(Buffer.from(await (blob as Blob).arrayBuffer())).toEqual(png)
  })
})

describe('electron host: save', () => {
  const request = {
    defaultName: 'link.png',
    mime: 'image/png',
    filter: { name: 'PNG image', extensions: ['png'] },
    data: png,
  }

  test('saveFile asks with the window as parent, the default name and filter, then writes the file', async () => {
    const { host, record } = setup({ saveAs: 'chosen.png' })
    const outcome = await host.saveFile(request)
    expect(outcome).toEqual({ outcome: 'done', path: join(dir, 'chosen.png') })
    expect(record.dialogs).toEqual([
      {
        parent: true,
        options: { defaultPath: 'link.png', filters: [{ name: 'PNG image', extensions: ['png'] }] },
      },
    ])
    expect(readFileSync(join(dir, 'chosen.png'))).toEqual(png)
  })

  test('with no window open the dialog is shown on its own', async () => {
    const { host, record } = setup({ hasParent: false })
    await host.saveFile(request)
    expect(record.dialogs.map((d) => d.parent)).toEqual([false])
  })

  test('Cancel writes nothing and says cancelled', async () => {
    const { host } = setup({ saveAs: null })
    await expect(host.saveFile(request)).resolves.toEqual({ outcome: 'cancelled' })
    expect(existsSync(join(dir, 'out.bin'))).toBe(false)
  })
})

describe('electron host: print', () => {
  const html = '<!doctype html><p>sheet</p>'

  test('as PDF: asks where, renders in a hidden script-less sandboxed window, writes the PDF, destroys the window', async () => {
    const { host, record } = setup({ saveAs: 'sheets.pdf' })
    const outcome = await host.printHtml(html, 'pdf', 'sheets.pdf')
    expect(outcome).toEqual({ outcome: 'done', path: join(dir, 'sheets.pdf') })
    expect(record.dialogs[0]?.options).toEqual({
      defaultPath: 'sheets.pdf',
      filters: [{ name: 'PDF document', extensions: ['pdf'] }],
    })
    expect(record.windows).toHaveLength(1)
    const win = record.windows[0]
    expect(win?.options).toEqual({
      show: false,
      webPreferences: { ...secureWebPreferences, javascript: false },
    })
    expect(win?.url).toBe(`data:text/html;charset=utf-8;base64,${Buffer.from(html).toString('base64')}`)
    expect(win?.printed).toEqual([{ pageSize: 'A4', printBackground: true }])
    expect(win?.destroyed).toBe(true)
    expect(readFileSync(join(dir, 'sheets.pdf'), 'utf8')).toBe('%PDF-stand-in')
  })

  test('as PDF, Cancel in the dialog opens no window', async () => {
    const { host, record } = setup({ saveAs: null })
    await expect(host.printHtml(html, 'pdf', 'x.pdf')).resolves.toEqual({ outcome: 'cancelled' })
    expect(record.windows).toEqual([])
  })

  test('print: the system dialog (not silent), then done; the window is destroyed', async () => {
    const { host, record } = setup()
    await expect(host.printHtml(html, 'print', 'x.pdf')).resolves.toEqual({ outcome: 'done', path: null })
    expect(record.windows[0]?.printed).toEqual([{ silent: false, printBackground: true }])
    expect(record.windows[0]?.destroyed).toBe(true)
    expect(record.dialogs).toEqual([])
  })

  test('print cancelled by the person is cancelled, without a warning', async () => {
    const { host, lines } = setup({ printResult: [false, 'cancelled'] })
    await expect(host.printHtml(html, 'print', 'x.pdf')).resolves.toEqual({ outcome: 'cancelled' })
    expect(lines.join('\n')).not.toContain('printing setup link sheets failed')
  })

  test('print failing for another reason is logged with that reason', async () => {
    const { host, lines } = setup({ printResult: [false, 'Invalid deviceName provided'] })
    await host.printHtml(html, 'print', 'x.pdf')
    expect(lines.join('\n')).toContain('Invalid deviceName provided')
  })

  test('a window that fails to load is destroyed all the same', async () => {
    const { host, record } = setup({ loadFails: true })
    await expect(host.printHtml(html, 'print', 'x.pdf')).rejects.toThrow('ERR_FAILED')
    expect(record.windows[0]?.destroyed).toBe(true)
  })
})

describe('electron host: notifications', () => {
  test('a notification is shown; its click brings the window back, then runs onClick', () => {
    const { host, record } = setup()
    let clicked = 0
    host.notify('Connected', 'Acme connected WhatsApp', () => void clicked++)
    expect(record.notifications).toHaveLength(1)
    const n = record.notifications[0]
    expect(n?.options).toEqual({ title: 'Connected', body: 'Acme connected WhatsApp' })
    expect(n?.shown).toBe(true)
    n?.emitter.emit('click')
    expect(record.parent).toEqual({ minimized: false, restored: 1, focused: 1 })
    expect(clicked).toBe(1)
  })

  test('where notifications are not supported, none is created and that is logged', () => {
    const { host, record, lines } = setup({ notificationsSupported: false })
    host.notify('Connected', 'x')
    expect(record.notifications).toEqual([])
    expect(lines.join('\n')).toContain('desktop notifications are not supported here')
  })
})
