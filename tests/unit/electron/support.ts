import type { Logger } from '../../../src/main/log/logger'
import { createLogger } from '../../../src/main/log/logger'

/** A logger that keeps its lines in memory (through the real redactor) so tests can read what was logged. */
export function captureLog(): { log: Logger; lines: string[] } {
  const lines: string[] = []
  const real = createLogger({ level: 'debug' })
  const keep = (level: string) => (msg: string, data?: Record<string, unknown>) => {
    lines.push(JSON.stringify({ level, msg, data: real.redactor.value(data) }))
  }
  return {
    lines,
    log: {
      redactor: real.redactor,
      debug: keep('debug'),
      info: keep('info'),
      warn: keep('warn'),
      error: keep('error'),
    },
  }
}
