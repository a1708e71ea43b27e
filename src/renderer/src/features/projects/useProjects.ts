import { create } from 'zustand'
import type { AppErrorData } from '../../../../shared/ipc/errors'
import type { Project, ProjectList } from '../../../../shared/projects/project'
import { kapso } from '../../bridge'

interface ProjectsState {
  list: ProjectList | null
  error: AppErrorData | null
  load(): Promise<void>
  apply(list: ProjectList): void
  activate(id: string): Promise<AppErrorData | null>
}

export const useProjects = create<ProjectsState>((set) => ({
  list: null,
  error: null,
  load: async () => {
    const result = await kapso['projects.list']()
    if (result.ok) set({ list: result.data, error: null })
    else set({ error: result.error })
  },
  apply: (list) => set({ list, error: null }),
  activate: async (id) => {
    const result = await kapso['projects.activate']({ id })
    if (result.ok) {
      set({ list: result.data })
      return null
    }
    return result.error
  },
}))

/** The active project, or null before the list has loaded. */
export function useActiveProject(): Project | null {
  return useProjects((s) => s.list?.projects.find((p) => p.id === s.list?.activeId) ?? null)
}

/** Keeps the store in step with main: every change (from any window) arrives as an event. */
export function subscribeToProjectChanges(): () => void {
  void useProjects.getState().load()
  return kapso.on('projects.changed', (items) => {
    const latest = items.at(-1)
    if (latest) useProjects.getState().apply(latest)
  })
}
