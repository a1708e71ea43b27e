import type { KapsoBridge, Result } from '../../../shared/ipc/bridge'
import { callNames, type EventName } from '../../../shared/ipc/contract'

type Pending = { resolve: (result: Result<unknown>) => void }

const TOKEN_KEY = 'kapso-preview-token'

/**
 * The web preview's stand-in for the preload: same shape as `window.kapso`,
 * carried over a WebSocket to the core running under Node. The per-launch
 * token arrives in the URL fragment and is kept for reloads of this tab only.
 */
export function createWebSocketBridge(): KapsoBridge {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token')
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash)
    history.replaceState(null, '', location.pathname + location.search)
  }
  const token = sessionStorage.getItem(TOKEN_KEY) ?? ''

  let nextId = 1
  const pending = new Map<number, Pending>()
  const listeners = new Map<EventName, Set<(items: unknown[]) => void>>()
  let socket: WebSocket | null = null
  let opening: Promise<WebSocket> | null = null

  const connect = (): Promise<WebSocket> => {
    if (socket && socket.readyState === WebSocket.OPEN) return Promise.resolve(socket)
    if (opening) return opening
    opening = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://${location.host}/bridge?token=${encodeURIComponent(token)}`)
      ws.onopen = () => {
        socket = ws
        opening = null
        resolve(ws)
      }
      ws.onerror = () => {
        opening = null
        reject(new Error('bridge unreachable'))
      }
      ws.onclose = () => {
        socket = null
        for (const [id, p] of pending) {
          p.resolve({
            ok: false,
            error: {
              code: 'offline',
              message: 'The web preview server stopped. Restart "npm run preview:web".',
            },
          })
          pending.delete(id)
        }
      }
      ws.onmessage = (message) => {
        const frame = JSON.parse(String(message.data)) as
          | { id: number | null; result: Result<unknown> }
          | { event: EventName; items: unknown[] }
        if ('event' in frame) {
          for (const listener of listeners.get(frame.event) ?? []) listener(frame.items)
        } else if (frame.id !== null) {
          pending.get(frame.id)?.resolve(frame.result)
          pending.delete(frame.id)
        }
      }
    })
    return opening
  }

  const send = async (call: string, input: unknown): Promise<Result<unknown>> => {
    let ws: WebSocket
    try {
      ws = await connect()
    } catch {
      return {
        ok: false,
        error: {
          code: 'offline',
          message:
            'Cannot reach the web preview server. Is "npm run preview:web" still running, and was this tab opened from the URL it printed?',
        },
      }
    }
    const id = nextId++
    return new Promise((resolve) => {
      pending.set(id, { resolve })
      ws.send(JSON.stringify({ id, call, input }))
    })
  }

  const bridge: Record<string, unknown> = { transport: 'web-preview' }
  for (const name of callNames) bridge[name] = (input?: unknown) => send(name, input)
  bridge.on = (event: EventName, listener: (items: unknown[]) => void) => {
    const set = listeners.get(event) ?? new Set()
    set.add(listener)
    listeners.set(event, set)
    void connect().catch(() => undefined)
    return () => set.delete(listener)
  }
  return bridge as KapsoBridge
}
