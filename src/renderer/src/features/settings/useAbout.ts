import { create } from 'zustand'
import type { About } from '../../../../shared/app/about'
import type { AppErrorData } from '../../../../shared/ipc/errors'
import { kapso } from '../../bridge'

interface AboutState {
  about: About | null
  error: AppErrorData | null
  loading: boolean
  load(): Promise<void>
}

export const useAbout = create<AboutState>((set) => ({
  about: null,
  error: null,
  loading: false,
  load: async () => {
    set({ loading: true, error: null })
    const result = await kapso['app.getAbout']()
    if (result.ok) set({ about: result.data, loading: false })
    else set({ error: result.error, loading: false })
  },
}))
