// Types for scripts/test-setup-plan.mjs, so its unit test is type-checked.
export interface Requirement {
  tool: string
  why: string
  packages: string[]
  linuxOnly: boolean
}
export interface SetupProbes {
  platform: NodeJS.Platform
  isRoot: boolean
  env: Record<string, string | undefined>
  osRelease: string | null
  hasCommand(cmd: string): boolean
  exists(path: string): boolean
  /** No package lists under /var/lib/apt/lists (a fresh image): apt-get update must run first. */
  aptListsEmpty: boolean
}
export type SetupPlan =
  | { kind: 'ready' }
  | {
      kind: 'install'
      missing: string[]
      /** Run updateCommand before installCommand (no package lists yet). */
      update: boolean
      updateCommand: string[]
      installCommand: string[]
    }
  | { kind: 'manual'; missing: string[]; message: string }
export const requirements: Requirement[]
export const DEFAULT_CHROMIUM: string
export function isDebianLike(osRelease: string | null): boolean
export function planTestSetup(probes: SetupProbes): SetupPlan
