import { BrowserWindow, type IpcMainInvokeEvent, ipcMain } from 'electron'
import { callChannel, callNames, eventChannel } from '../../shared/ipc/contract'
import type { Core } from '../core/createCore'
import { dispatch } from '../ipc/dispatch'
import { isSameOrigin } from '../security/urls'

/**
 * Hands the core's handler table to ipcMain. Before dispatching, the sender
 * must be one of our windows' main frame, on the app's own origin: a frame
 * that navigated elsewhere, or an iframe, gets `untrusted_sender`.
 */
export function registerIpc(core: Core, appOrigin: () => string): () => void {
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame
    if (!frame || frame.parent !== null) return false
    if (!BrowserWindow.fromWebContents(event.sender)) return false
    return isSameOrigin(frame.url, appOrigin())
  }

  for (const name of callNames) {
    ipcMain.handle(callChannel(name), (event, input: unknown) => {
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
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed()) win.webContents.send(eventChannel(event), items)
    }
  })

  return () => {
    unsubscribe()
    for (const name of callNames) ipcMain.removeHandler(callChannel(name))
  }
}
