import { create } from 'zustand'
import type { Notice } from '../../../shared/app/notice'

export interface ShownNotice extends Notice {
  id: number
}

interface NoticeState {
  notices: ShownNotice[]
  push(notice: Notice): void
  dismiss(id: number): void
}

let nextId = 1

export const useNotices = create<NoticeState>((set) => ({
  notices: [],
  push: (notice) => {
    const id = nextId++
    set((s) => ({ notices: [...s.notices.slice(-4), { ...notice, id }] }))
    // Errors stay until dismissed; everything else fades after a few seconds.
    if (notice.level !== 'error') {
      setTimeout(() => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })), 6000)
    }
  },
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}))
