import { execFile } from 'node:child_process'
import { accessSync, constants, statSync } from 'node:fs'
import { isAbsolute } from 'node:path'
import { tunnelChildEnv } from './childEnv'

/** cloudflared's own answer, e.g. `cloudflared version 2025.1.0 (built 2025-01-15-1200 UTC)`. */
const VERSION_LINE = /^cloudflared version \d{4}\.\d+\.\d+\b.*$/m

export type CloudflaredCheck = { ok: true; version: string } | { ok: false; problem: string }

/**
 * Says whether `path` is a cloudflared program, before main ever runs it as a tunnel: an absolute
 * path to a regular, executable file that answers `--version` the way cloudflared does. The
 * check itself runs it once with only `--version`, a minimal environment and a short timeout,
 * so a program that is something else (a shell, a script) learns nothing and cannot hang main.
 */
export async function checkCloudflared(
  path: string,
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<CloudflaredCheck> {
  if (!isAbsolute(path)) return { ok: false, problem: `"${path}" is not an absolute path.` }
  try {
    if (!statSync(path).isFile()) return { ok: false, problem: `${path} is not a regular file.` }
    accessSync(path, constants.X_OK)
  } catch {
    return { ok: false, problem: `There is no executable file at ${path}.` }
  }
  const timeoutMs = options.timeoutMs ?? 3000
  const answer = await new Promise<string | null>((resolve) => {
    execFile(
      path,
      ['--version'],
      {
        env: tunnelChildEnv(options.env),
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024,
        windowsHide: true,
      },
      (error, stdout, stderr) => resolve(error ? null : `${stdout}\n${stderr}`),
    )
  })
  const version = answer?.match(VERSION_LINE)?.[0].trim()
  if (!version) {
    return {
      ok: false,
      problem: `${path} does not answer "--version" the way cloudflared does ("cloudflared version …"), so it is not run as a tunnel.`,
    }
  }
  return { ok: true, version }
}
