import { AppError } from '../../../shared/ipc/errors'
import { type ForwardSettings, routeStaysOnOrigin } from '../../../shared/webhooks/forwarding'

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
  const url = new URL(route.path, base.origin)
  // Settings saved before routes were checked could still hold "//elsewhere/x".
  if (!routeStaysOnOrigin(route.path) || url.origin !== base.origin) {
    throw new AppError(
      'validation',
      `The route for ${eventType} ("${route.path}") leaves the target's origin; give a path such as /hooks/messages.`,
    )
  }
  return url.href
}
