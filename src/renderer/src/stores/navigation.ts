import { create } from 'zustand'

export const sections = [
  { id: 'customers', label: 'Customers', shortcut: '1' },
  { id: 'setup-links', label: 'Setup links', shortcut: '2' },
  { id: 'webhooks', label: 'Webhooks', shortcut: '3' },
  { id: 'phone-numbers', label: 'Phone numbers', shortcut: '4' },
  { id: 'api-logs', label: 'API logs', shortcut: '5' },
  { id: 'settings', label: 'Settings', shortcut: '6' },
] as const

export type SectionId = (typeof sections)[number]['id']

interface NavigationState {
  section: SectionId
  go(section: SectionId): void
}

export const useNavigation = create<NavigationState>((set) => ({
  section: 'customers',
  go: (section) => set({ section }),
}))
