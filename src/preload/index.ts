import { contextBridge, ipcRenderer } from 'electron'
import type { KapsoBridge } from '../shared/ipc/bridge'
import { callChannel, callNames, type EventName, eventChannel, eventNames } from '../shared/ipc/contract'

/**
 * Builds `window.kapso` from the contract: one function per declared call and
 * an `on` that only accepts declared events. The page never gets ipcRenderer,
 * a generic invoke, or Electron's event object.
 */
const bridge: Record<string, unknown> = { transport: 'electron' }
for (const name of callNames) {
  bridge[name] = (input?: unknown) => ipcRenderer.invoke(callChannel(name), input)
}
bridge.on = (event: EventName, listener: (items: unknown[]) => void) => {
  if (!eventNames.includes(event)) throw new Error(`Unknown event "${String(event)}"`)
  const wrapped = (_event: unknown, items: unknown[]) => listener(items)
  ipcRenderer.on(eventChannel(event), wrapped)
  return () => {
    ipcRenderer.removeListener(eventChannel(event), wrapped)
  }
}

contextBridge.exposeInMainWorld('kapso', bridge as KapsoBridge)
