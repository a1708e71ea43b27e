import { calls, isCallName } from '../../shared/ipc/contract'
import { AppError, type AppErrorData, fieldsFromZodIssues, type Result } from '../../shared/ipc/errors'
import type { HandlerTable } from '../core/handlerTable'
import type { Logger } from '../log/logger'

export interface DispatchOptions {
  /** Parse handler output against the contract too (tests turn this on to catch drift). */
  checkOutput?: boolean
  /** Where the call came from, for the log line: "electron:frame 1" or "ws:127.0.0.1". */
  origin: string
}

/**
 * The one path every call takes, whatever carries it (ipcMain or the preview
 * WebSocket): known name → validated input → handler → `Result`. Nothing
 * thrown escapes; the renderer always gets plain data with a stable code.
 */
export async function dispatch(
  handlers: HandlerTable,
  log: Logger,
  name: unknown,
  rawInput: unknown,
  options: DispatchOptions,
): Promise<Result<unknown>> {
  if (!isCallName(name)) {
    log.warn('ipc refused: unknown call', { call: String(name).slice(0, 100), origin: options.origin })
    return fail({ code: 'unknown_call', message: `There is no call named "${String(name).slice(0, 100)}".` })
  }
  const spec = calls[name]
  const parsed = spec.input.safeParse(rawInput)
  if (!parsed.success) {
    const fields = fieldsFromZodIssues(parsed.error.issues)
    log.warn('ipc refused: invalid input', { call: name, origin: options.origin, fields })
    return fail({
      code: 'validation',
      message: `The request "${name}" was refused because its input is not valid: ${summarise(fields)}`,
      fields,
    })
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>
    const output = await handler(parsed.data)
    if (options.checkOutput) {
      const checked = spec.output.safeParse(output)
      if (!checked.success) {
        log.error('ipc handler returned data outside the contract', {
          call: name,
          fields: fieldsFromZodIssues(checked.error.issues),
        })
        return fail({ code: 'internal', message: `The console produced an unexpected answer to "${name}".` })
      }
    }
    return { ok: true, data: output }
  } catch (error) {
    return fail(toErrorData(error, name, log))
  }
}

function fail(error: AppErrorData): Result<never> {
  return { ok: false, error }
}

function summarise(fields: Record<string, string[]>): string {
  return Object.entries(fields)
    .slice(0, 3)
    .map(([path, messages]) => `${path}: ${messages.join(', ')}`)
    .join('; ')
}

/** The single place a thrown value becomes contract data; messages pass the redactor. */
export function toErrorData(error: unknown, call: string, log: Logger): AppErrorData {
  if (error instanceof AppError) {
    const data = error.toData()
    data.message = log.redactor.text(data.message)
    log.info('ipc call failed', { call, code: data.code, message: data.message })
    return data
  }
  const message = error instanceof Error ? error.message : String(error)
  log.error('ipc handler crashed', { call, error: log.redactor.value(error) })
  return {
    code: 'internal',
    message: `Something went wrong while handling "${call}": ${log.redactor.text(message)}. The details are in the log.`,
  }
}
