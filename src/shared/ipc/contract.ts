import type { z } from 'zod'
import { apiLogCalls } from '../apiLogs/contract'
import { appCalls, appEvents } from '../app/contract'
import { connectionCalls, connectionEvents } from '../connections/contract'
import { customerCalls, customerEvents } from '../customers/contract'
import { phoneNumberCalls } from '../phoneNumbers/contract'
import { projectCalls, projectEvents } from '../projects/contract'
import { setupLinkCalls, setupLinkEvents } from '../setupLinks/contract'
import { webhookCalls, webhookEvents } from '../webhooks/contract'
import { webhookToolCalls, webhookToolEvents } from '../webhooks/toolsContract'

/**
 * The whole IPC surface, declared once, composed from one module per
 * capability (src/shared/<capability>/contract.ts). Main registers a handler
 * per call, preload builds `window.kapso` from the same names, the web preview
 * carries the same calls over a WebSocket.
 *
 * Calls are renderer → main request/response. Events are main → renderer and
 * are delivered in batches (a listener receives an array of items).
 */
export const calls = {
  ...appCalls,
  ...projectCalls,
  ...webhookCalls,
  ...customerCalls,
  ...setupLinkCalls,
  ...connectionCalls,
  ...phoneNumberCalls,
  ...webhookToolCalls,
  ...apiLogCalls,
} as const

export const events = {
  ...appEvents,
  ...projectEvents,
  ...webhookEvents,
  ...customerEvents,
  ...setupLinkEvents,
  ...connectionEvents,
  ...webhookToolEvents,
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
