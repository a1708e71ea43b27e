import { create } from 'zustand'

export type ThemePreference = 'system' | 'light' | 'dark'
const KEY = 'kapso-theme'

const stored = (): ThemePreference => {
  const value = localStorage.getItem(KEY)
  return value === 'light' || value === 'dark' ? value : 'system'
}

interface ThemeState {
  preference: ThemePreference
  setPreference(preference: ThemePreference): void
}

/** Follows the OS unless the person picks one; only this UI preference lives in localStorage. */
export const useTheme = create<ThemeState>((set) => ({
  preference: stored(),
  setPreference: (preference) => {
    localStorage.setItem(KEY, preference)
    set({ preference })
  },
}))

export function applyTheme(preference: ThemePreference): void {
  const root = document.documentElement
  if (preference === 'system') root.removeAttribute('data-theme')
  else root.setAttribute('data-theme', preference)
}
