import { z } from 'zod'
import { AboutSchema } from '../app/about'
import { NoticeSchema } from '../app/notice'

/**
 * The whole IPC surface, declared once. Main registers a handler per call,
 * preload builds `window.kapso` from the same names, the web preview carries
 * the same calls over a WebSocket. Adding a capability means adding it here.
 *
 * Calls are renderer → main request/response. Events are main → renderer and
 * are delivered in batches (a listener receives an array of items).
 */
const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output })

/** Calls without input still take an (empty) object so the contract can reject junk. */
const NoInput = z.object({}).strict().optional()

export const calls = {
  'app.getAbout': call(NoInput, AboutSchema),
} as const

export const events = {
  /** Something the person should see outside the current screen (a toast). */
  'app.notice': NoticeSchema,
} as const

export type Calls = typeof calls
export type CallName = keyof Calls
export type EventName = keyof typeof events
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>
export type EventItem<K extends EventName> = z.output<(typeof events)[K]>

export const callNames = Object.keys(calls) as CallName[]
export const eventNames = Object.keys(events) as EventName[]

/** IPC channel names show direction, so a reader of a log line knows who spoke. */
export const callChannel = (name: CallName) => `renderer:${name}` as const
export const eventChannel = (name: EventName) => `main:${name}` as const

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name)
}
