import { appendFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { ensurePrivateDir, ensurePrivateFile, PRIVATE_FILE_MODE } from '../store/privateFiles'
import { Redactor } from './redact'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void
  info(msg: string, data?: Record<string, unknown>): void
  warn(msg: string, data?: Record<string, unknown>): void
  error(msg: string, data?: Record<string, unknown>): void
  readonly redactor: Redactor
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export interface LoggerOptions {
  /** JSON lines are appended here; omitted → console only. */
  file?: string
  level?: LogLevel
  /** Also print to stderr (the web preview and tests want this off). */
  console?: boolean
  redactor?: Redactor
}

/**
 * A small JSON-lines logger. Every line passes through the redactor, so a key
 * that slipped into `data` or a message never reaches disk.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const redactor = options.redactor ?? new Redactor()
  const min = order[options.level ?? 'info']
  if (options.file) {
    // Logs name tenants, paths and errors: the person's alone, like the rest of the data folder.
    try {
      ensurePrivateDir(dirname(options.file))
      ensurePrivateFile(options.file)
    } catch {
      // An unwritable log folder must not stop the app; each line below tries again.
    }
  }

  const write = (level: LogLevel, msg: string, data?: Record<string, unknown>) => {
    if (order[level] < min) return
    const line = JSON.stringify({
      t: new Date().toISOString(),
      level,
      msg: redactor.text(msg),
      ...(data ? { data: redactor.value(data) } : {}),
    })
    if (options.file) {
      try {
        appendFileSync(options.file, `${line}\n`, { mode: PRIVATE_FILE_MODE })
      } catch {
        // A full disk must not take the app down with it; the console line below still shows.
      }
    }
    if (options.console) process.stderr.write(`${line}\n`)
  }

  return {
    redactor,
    debug: (m, d) => write('debug', m, d),
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
  }
}
