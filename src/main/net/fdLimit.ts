import { execFile } from 'node:child_process'
import type { Logger } from '../log/logger'

/**
 * Raises this process's soft limit on open files to its hard limit, where the
 * OS allows it. Node has no setrlimit, so this asks util-linux's `prlimit`
 * (Linux) to do it for our own pid; elsewhere, or without prlimit, it logs
 * and leaves the limit alone. Why: a soft limit of 1024 (the default on many
 * distributions) is reached by the receiver's and preview's sockets plus
 * SQLite, the tunnel's pipes and Chromium's helpers, and accept() then fails
 * with EMFILE; the connection guard keeps sockets far below it, and the
 * headroom keeps the rest of the app working. Plain Node already lifts its
 * own soft limit at startup, so under the preview this mostly confirms it;
 * Electron's main process does not. Best-effort: never throws.
 */
export function raiseFdLimit(log: Logger, pid = process.pid): Promise<{ soft: number; hard: number } | null> {
  if (process.platform !== 'linux') {
    log.info('open-file limit left as is', { platform: process.platform })
    return Promise.resolve(null)
  }
  return new Promise((resolve) => {
    execFile(
      'prlimit',
      [`--pid=${pid}`, '--nofile', '--raw', '--noheadings', '--output=SOFT,HARD'],
      (error, out) => {
        const [soft, hard] = String(out ?? '')
          .trim()
          .split(/\s+/)
        const hardN = Number(hard)
        if (error || !Number.isFinite(Number(soft))) {
          log.info('open-file limit left as is (prlimit not available)', {
            error: error?.message ?? 'no output',
          })
          return resolve(null)
        }
        if (!Number.isFinite(hardN)) {
          // "unlimited": the kernel still caps open files at fs.nr_open, so there is no number to raise to.
          log.info('open-file limit left as is (hard limit unlimited)', { soft })
          return resolve({ soft: Number(soft), hard: Number.POSITIVE_INFINITY })
        }
        if (Number(soft) >= hardN) {
          log.info('open-file limit already at its ceiling', { soft, hard })
          return resolve({ soft: Number(soft), hard: hardN })
        }
        execFile('prlimit', [`--pid=${pid}`, `--nofile=${hardN}:${hardN}`], (raiseError) => {
          if (raiseError) {
            log.warn('open-file limit could not be raised', { soft, hard, error: raiseError.message })
            return resolve({ soft: Number(soft), hard: hardN })
          }
          log.info('open-file limit raised', { from: Number(soft), to: hardN })
          resolve({ soft: hardN, hard: hardN })
        })
      },
    )
  })
}
