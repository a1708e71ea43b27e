import type * as Electron from 'electron'
import type { TunnelHost } from '../tunnel/host'

/** The Electron modules this host uses, passed in by src/main/index.ts so nothing here imports Electron. */
export interface ElectronTunnelModules {
  dialog: Pick<typeof Electron.dialog, 'showOpenDialog'>
  /** The window the dialog belongs to. */
  parentWindow(): Electron.BrowserWindow | null
}

export function createElectronTunnelHost(e: ElectronTunnelModules): TunnelHost {
  return {
    async chooseExecutable(title) {
      const parent = e.parentWindow()
      const options: Electron.OpenDialogOptions = { title, properties: ['openFile', 'dontAddToRecent'] }
      const result = parent
        ? await e.dialog.showOpenDialog(parent, options)
        : await e.dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
  }
}
