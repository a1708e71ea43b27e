import { create } from 'zustand'
import type { AppErrorData } from '../../../../shared/ipc/errors'
import type { Preset, QueuedLink, SetupLinkView } from '../../../../shared/setupLinks/link'
import { kapso } from '../../bridge'
import { useNotices } from '../../stores/notices'

interface SetupLinksState {
  recent: SetupLinkView[]
  queued: QueuedLink[]
  presets: Preset[]
  search: string
  error: AppErrorData | null
  loaded: boolean
  /** Bumped on every change event: open link views re-read themselves. */
  version: number
  load(): Promise<void>
  setSearch(search: string): void
  loadPresets(): Promise<void>
  setPresets(presets: Preset[]): void
}

export const useSetupLinks = create<SetupLinksState>((set, get) => ({
  recent: [],
  queued: [],
  presets: [],
  search: '',
  error: null,
  loaded: false,
  version: 0,
  async load() {
    const result = await kapso['setupLinks.recent']({ limit: 200, search: get().search })
    if (result.ok) set({ recent: result.data.links, queued: result.data.queued, error: null, loaded: true })
    else set({ error: result.error, loaded: true })
  },
  setSearch(search) {
    set({ search })
    void get().load()
  },
  async loadPresets() {
    const result = await kapso['setupLinks.presets']({})
    if (result.ok) set({ presets: result.data })
  },
  setPresets: (presets) => set({ presets }),
}))

let subscribed = 0
let unsubscribe: (() => void) | null = null

/** One subscription however many components mount it: change events reload, a queued create that lands is announced. */
export function subscribeToSetupLinks(): () => void {
  if (subscribed++ === 0) {
    let timer: ReturnType<typeof setTimeout> | null = null
    const offs = [
      kapso.on('setupLinks.changed', (items) => {
        // A fetch is what open views do when they load: bumping for it would reload them in a loop.
        if (items.some((i) => i.reason !== 'fetched'))
          useSetupLinks.setState((s) => ({ version: s.version + 1 }))
        if (timer) return
        timer = setTimeout(() => {
          timer = null
          void useSetupLinks.getState().load()
        }, 150)
      }),
      kapso.on('setupLinks.queuedCreated', (items) => {
        for (const item of items) {
          useNotices.getState().push(
            item.link
              ? {
                  level: 'success',
                  title: `Setup link for ${item.customerName} is ready`,
                  detail: `Created now that Kapso is reachable: ${item.link.url}`,
                }
              : {
                  level: 'error',
                  title: `Kapso refused the setup link for ${item.customerName}`,
                  detail: item.error ?? undefined,
                },
          )
        }
      }),
    ]
    unsubscribe = () => {
      for (const off of offs) off()
      if (timer) clearTimeout(timer)
    }
  }
  return () => {
    if (--subscribed === 0) unsubscribe?.()
  }
}
