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
  push: (notice) => set((s) => ({ notices: [...s.notices.slice(-4), { ...notice, id: nextId++ }] })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}))
