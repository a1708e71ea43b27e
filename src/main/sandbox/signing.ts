import { createHmac } from 'node:crypto'

/** Lower-case hex HMAC-SHA256 of the exact body bytes sent (reference 3.2), no `sha256=` prefix. */
export function signWebhookBody(secret: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(body).digest('hex')
}
