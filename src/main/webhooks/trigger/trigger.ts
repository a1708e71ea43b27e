import { AppError } from '../../../shared/ipc/errors'
import type { ForwardAttempt } from '../../../shared/webhooks/forwarding'
import type { TriggerInput } from '../../../shared/webhooks/trigger'
import type { Forwarder } from '../forwarding/forwarder'
import { routeFor } from '../forwarding/routes'
import type { SecretRing } from '../lab/secretRing'
import { signBody } from '../signature'
import { sampleDelivery } from './samples'

export interface TriggerDeps {
  forwarder: Forwarder
  secrets: SecretRing
  /** The listen session's receiver URL and secrets; null/empty when not listening. */
  receiverUrl: () => string | null
  sessionSecrets: () => readonly string[]
  projectId: () => Promise<string>
  now?: () => Date
}

/**
 * Sends a correctly signed sample of a catalogued event to this console's
 * receiver (so it is stored, verified and forwarded like a real delivery) or
 * straight to a forward target. Recorded as a `trigger` attempt either way.
 */
export async function triggerEvent(deps: TriggerDeps, input: TriggerInput): Promise<ForwardAttempt> {
  let url: string
  if (input.destination === 'receiver') {
    const receiver = deps.receiverUrl()
    if (!receiver)
      throw new AppError(
        'conflict',
        'Start listening first: a trigger to the receiver goes to this session’s URL.',
      )
    url = receiver
  } else {
    url = input.url ?? routeFor(await deps.forwarder.settings(), input.eventType)
  }
  let secret: string | null
  if (input.secretId) {
    secret = await deps.secrets.value(input.secretId)
    if (!secret)
      throw new AppError('validation', 'That saved secret is gone; choose another or save it again.')
  } else {
    secret = deps.sessionSecrets()[0] ?? null
    if (!secret) {
      throw new AppError(
        'validation',
        'Choose a saved secret to sign with, or start listening to sign with the session’s secret.',
      )
    }
  }
  const sample = sampleDelivery({
    eventType: input.eventType,
    customerId: input.customerId,
    phoneNumberId: input.phoneNumberId,
    batchSize: input.batchSize,
    projectId: await deps.projectId(),
    now: deps.now?.() ?? new Date(),
  })
  const body = Buffer.from(sample.body)
  const headers: [string, string][] = [...sample.headers, ['X-Webhook-Signature', signBody(secret, body)]]
  return deps.forwarder.attempt(
    {
      kind: 'trigger',
      deliveryId: null,
      eventId: null,
      eventType: input.eventType,
      url,
      signing: 'resigned',
      headers,
      body,
      startedAt: Date.now(),
      retryOf: null,
    },
    body,
  )
}
