// Types for scripts/electron-binary.mjs, so the tests that import it are type-checked.
export function findElectronBinary(): string | null
export function fetchElectronBinary(options?: {
  timeoutMs?: number
  env?: Record<string, string | undefined>
}): { ok: true; reason: null } | { ok: false; reason: string }
export function failureReason(result: {
  error?: (Error & { code?: string }) | undefined
  signal?: NodeJS.Signals | null
  status: number | null
  stderr?: string | null
}): string
export function electronMissingMessage(reason: string | null): string
export function requireElectronBinary(): void
