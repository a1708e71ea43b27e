import type * as Electron from 'electron'
import { callChannel, callNames, eventChannel } from '../../shared/ipc/contract'
import type { Core } from '../core/createCore'
import { dispatch } from '../ipc/dispatch'
import { isSameOrigin } from '../security/urls'

/**
 * The parts of Electron the bridge uses, passed in by src/main/index.ts so this
 * module never imports Electron at run time and its sender check can be tested
 * under plain Node (tests/unit/electron/ipcBridge.test.ts).
 */
/** What the sender check reads from an invoke event; a real IpcMainInvokeEvent has all of it. */
export type InvokeSender = {
  sender: Pick<Electron.WebContents, 'id'>
  senderFrame: Pick<Electron.WebFrameMain, 'url' | 'parent'> | null
}

export type InvokeListener = (event: InvokeSender, input: unknown) => unknown

/**
 * The parts of Electron the bridge uses, passed in by src/main/index.ts so this
 * module never imports Electron at run time and its sender check can be tested
 * under plain Node (tests/unit/electron/ipcBridge.test.ts). Electron's own
 * `ipcMain` and `BrowserWindow` satisfy these types; the type checker proves it there.
 */
export interface IpcBridgeElectron {
  ipcMain: {
    handle(channel: string, listener: InvokeListener): void
    removeHandler(channel: string): void
  }
  BrowserWindow: {
    /** The window showing this webContents, or null when it is not one of ours. */
    fromWebContents(contents: InvokeSender['sender']): object | null
    getAllWindows(): Array<
      Pick<Electron.BrowserWindow, 'isDestroyed'> & { webContents: Pick<Electron.WebContents, 'send'> }
    >
  }
}

/**
 * Hands the core's handler table to ipcMain. Before dispatching, the sender
 * must be one of our windows' main frame, on the app's own origin: a frame
 * that navigated elsewhere, or an iframe, gets `untrusted_sender`.
 */
export function registerIpc(
  core: Pick<Core, 'handlers' | 'log' | 'events'>,
  appOrigin: () => string,
  electron: IpcBridgeElectron,
): () => void {
  const trusted = (event: InvokeSender): boolean => {
    const frame = event.senderFrame
    if (!frame || frame.parent !== null) return false
    if (!electron.BrowserWindow.fromWebContents(event.sender)) return false
    return isSameOrigin(frame.url, appOrigin())
  }

  for (const name of callNames) {
    electron.ipcMain.handle(callChannel(name), (event, input) => {
      if (!trusted(event)) {
        core.log.warn('ipc refused: untrusted sender', {
          call: name,
          url: event.senderFrame?.url?.slice(0, 200),
        })
        return {
          ok: false,
          error: { code: 'untrusted_sender', message: 'This window may not call the console.' },
        }
      }
      return dispatch(core.handlers, core.log, name, input, { origin: `electron:${event.sender.id}` })
    })
  }

  const unsubscribe = core.events.subscribe((event, items) => {
    for (const win of electron.BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed()) win.webContents.send(eventChannel(event), items)
    }
  })

  return () => {
    unsubscribe()
    for (const name of callNames) electron.ipcMain.removeHandler(callChannel(name))
  }
}
