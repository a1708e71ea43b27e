import { create } from 'zustand'
import type { AppErrorData } from '../../../../shared/ipc/errors'
import type {
  ChooseCloudflaredInput,
  ListenStatus,
  WebhookSettings,
} from '../../../../shared/webhooks/session'
import { kapso } from '../../bridge'

interface ListenState {
  status: ListenStatus | null
  settings: WebhookSettings | null
  ngrokConfigured: boolean
  busy: 'start' | 'stop' | 'test' | 'cleanup' | 'settings' | null
  error: AppErrorData | null
  load(): Promise<void>
  setStatus(status: ListenStatus): void
  start(input?: { phoneNumberIds?: string[] }): Promise<void>
  stop(): Promise<void>
  sendTest(): Promise<void>
  removeLeftovers(): Promise<void>
  updateSettings(patch: Partial<WebhookSettings>): Promise<boolean>
  /** Main picks the program (its file dialog, or a typed path it checks in the web preview). */
  chooseCloudflared(input: ChooseCloudflaredInput): Promise<boolean>
  saveNgrokAuthtoken(token: string): Promise<void>
}

export const useListenSession = create<ListenState>((set, get) => {
  const run = async <T>(
    busy: ListenState['busy'],
    work: () => Promise<{ ok: true; data: T } | { ok: false; error: AppErrorData }>,
    onData: (data: T) => void,
  ): Promise<boolean> => {
    set({ busy, error: null })
    const result = await work()
    if (result.ok) {
      onData(result.data)
      set({ busy: null })
      return true
    }
    set({ busy: null, error: result.error })
    return false
  }
  return {
    status: null,
    settings: null,
    ngrokConfigured: false,
    busy: null,
    error: null,
    load: async () => {
      const [status, settings, ngrok] = await Promise.all([
        kapso['webhooks.getStatus'](),
        kapso['webhooks.getSettings'](),
        kapso['webhooks.getNgrokAuthtokenStatus'](),
      ])
      if (status.ok) set({ status: status.data })
      if (settings.ok) set({ settings: settings.data })
      if (ngrok.ok) set({ ngrokConfigured: ngrok.data.configured })
      const failed = [status, settings].find((r) => !r.ok)
      if (failed && !failed.ok) set({ error: failed.error })
      // Webhooks left by an earlier run (e.g. after a crash) are looked for once on open.
      if (status.ok && status.data.state === 'idle') {
        const found = await kapso['webhooks.findLeftovers']()
        if (found.ok) set({ status: found.data })
      }
    },
    setStatus: (status) => set({ status }),
    start: async (input = {}) => {
      await run(
        'start',
        () => kapso['webhooks.startListening'](input),
        (status) => set({ status }),
      )
    },
    stop: async () => {
      await run(
        'stop',
        () => kapso['webhooks.stopListening'](),
        (status) => set({ status }),
      )
    },
    sendTest: async () => {
      await run(
        'test',
        () => kapso['webhooks.sendTest']({}),
        (status) => set({ status }),
      )
    },
    removeLeftovers: async () => {
      const ids = get().status?.leftovers.map((w) => w.id) ?? []
      await run(
        'cleanup',
        () => kapso['webhooks.removeLeftovers']({ ids }),
        (status) => set({ status }),
      )
    },
    updateSettings: (patch) => {
      // The cloudflared path is main's to set (chooseCloudflared); a patch never carries it.
      const { tunnel, ...rest } = patch
      const { cloudflaredPath: _path, ...tunnelPatch } = tunnel ?? { kind: 'direct' }
      return run(
        'settings',
        () => kapso['webhooks.updateSettings'](tunnel ? { ...rest, tunnel: tunnelPatch } : rest),
        (settings) => set({ settings }),
      )
    },
    chooseCloudflared: (input) =>
      run(
        'settings',
        () => kapso['webhooks.chooseCloudflared'](input),
        (result) => set({ settings: result.settings }),
      ),
    saveNgrokAuthtoken: async (authtoken) => {
      await run(
        'settings',
        () => kapso['webhooks.setNgrokAuthtoken']({ authtoken }),
        (r) => set({ ngrokConfigured: r.configured }),
      )
    },
  }
})
