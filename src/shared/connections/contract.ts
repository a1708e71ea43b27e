import { z } from 'zod'
import { call, NoInput } from '../ipc/define'
import { idText } from '../text'
import { ConnectedEventSchema, TimelineSchema } from './timeline'

const id = idText()

export const connectionCalls = {
  /** One customer's onboarding timeline and what the three signals say (cache; works offline). */
  'connections.timeline': call(z.object({ customerId: id }).strict(), TimelineSchema),
  /**
   * Customers whose numbers are being polled (their active link was created here), and those whose
   * success redirect is being confirmed with the API ("redirect received, confirming").
   */
  'connections.watching': call(
    NoInput,
    z.object({ customerIds: z.array(z.string()), confirming: z.array(z.string()) }),
  ),
  /** The customer whose detail is open is polled faster; null when none is. */
  'connections.focus': call(
    z.object({ customerId: id.nullable() }).strict(),
    z.object({ focused: z.boolean() }),
  ),
  /** Polls Kapso for this customer's numbers and links now. */
  'connections.checkNow': call(z.object({ customerId: id }).strict(), TimelineSchema),
  /** The page copied a link's URL or message (the main process records copies it makes itself). */
  'connections.recordShared': call(
    z.object({ setupLinkId: id, way: z.enum(['copied', 'message_copied']) }).strict(),
    z.object({ recorded: z.boolean() }),
  ),
  /** Where redirects would be caught now: the listen session's public URL, or null without one. */
  'connections.redirectTargets': call(
    NoInput,
    z.object({ success: z.string(), failure: z.string() }).nullable(),
  ),
  /** Writes one customer's redacted support bundle (timeline, links, numbers, events; no keys or text). */
  'connections.exportBundle': call(
    z.object({ customerId: id }).strict(),
    z.discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('done'), path: z.string().nullable() }),
      z.object({ outcome: z.literal('cancelled') }),
      z.object({
        outcome: z.literal('page'),
        file: z.object({ filename: z.string(), mime: z.string(), dataUrl: z.string() }),
      }),
    ]),
  ),
}

export const connectionEvents = {
  /** A customer connected (once per number, whichever signal came first). */
  'connections.connected': ConnectedEventSchema,
  /** The person clicked the OS notification: show this customer. */
  'connections.open': z.object({ customerId: z.string() }),
  /** Timelines or watch marks of these customers changed. */
  'connections.changed': z.object({ customerIds: z.array(z.string()) }),
}
