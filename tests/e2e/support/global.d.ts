import type { KapsoBridge } from '../../../src/shared/ipc/bridge'

// Page code evaluated by the tests sees the same bridge the renderer uses.
declare global {
  interface Window {
    kapso?: KapsoBridge
  }
}
