import type { SandboxContext } from './context'
import { cursorResponse } from './pagination'
import { periodStart, queryFlag } from './periods'
import type { Router } from './router'
import type { WebhookDelivery } from './types'

/** GET /webhook_deliveries: every attempt the sandbox made, newest first, cursor-paged. */
export function registerDeliveryRoutes(router: Router, ctx: SandboxContext): void {
  router.get('/webhook_deliveries', ({ url, query }) => {
    const status = query.get('status')
    const event = query.get('event')
    const webhookId = query.get('webhook_id')
    const errorsOnly = queryFlag(query, 'errors_only')
    const since = periodStart(query, ctx.now())
    const filter = (d: WebhookDelivery) =>
      d.created_at >= since &&
      (!status || d.status === status) &&
      (!event || d.event === event) &&
      (!webhookId || d.webhook_id === webhookId) &&
      (!errorsOnly || d.status === 'failed')
    // A copy, so a delivery still retrying is not serialised half-updated.
    return cursorResponse(url, ctx.store.deliveries, filter, (d) => ({ ...d }))
  })
}
