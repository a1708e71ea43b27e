import type { KapsoBridge } from '../../../shared/ipc/bridge'
import { createWebSocketBridge } from './webSocketBridge'

declare global {
  interface Window {
    kapso?: KapsoBridge
  }
}

/** The only way renderer code reaches the main process. */
export const kapso: KapsoBridge = window.kapso ?? createWebSocketBridge()

// The web preview puts its bridge where Electron's preload would, so page code
// (and end-to-end tests) see one shape in both modes.
if (!window.kapso) window.kapso = kapso
