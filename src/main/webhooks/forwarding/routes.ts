import { AppError } from '../../../shared/ipc/errors'
import type { ForwardSettings } from '../../../shared/webhooks/forwarding'

/**
 * Where an event of this type goes: its route's path on the target's origin,
 * or the target itself (as `stripe listen --forward-to` does).
 */
export function routeFor(settings: ForwardSettings, eventType: string | null): string {
  if (!settings.target) {
    throw new AppError(
      'validation',
      'Set a forward target first (e.g. http://localhost:3000/webhooks), or give a URL for this one.',
    )
  }
  const route = eventType ? settings.routes.find((r) => r.eventType === eventType) : undefined
  if (!route) return settings.target
  const base = new URL(settings.target)
  return new URL(route.path, base.origin).href
}
