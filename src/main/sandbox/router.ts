import type { Handler } from './context'

interface Route {
  method: string
  segments: string[]
  handler: Handler
}

export type RouteMatch = { handler: Handler; params: Record<string, string> } | null

/**
 * A small segment matcher: `/customers/:customer_id`. Kapso is a Rails app, so an
 * unmatched method on a known path is a 404 like any unknown path.
 */
export class Router {
  private readonly routes: Route[] = []

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, segments: split(pattern), handler })
    return this
  }

  get = (pattern: string, handler: Handler) => this.add('GET', pattern, handler)
  post = (pattern: string, handler: Handler) => this.add('POST', pattern, handler)
  patch = (pattern: string, handler: Handler) => this.add('PATCH', pattern, handler)
  delete = (pattern: string, handler: Handler) => this.add('DELETE', pattern, handler)

  match(method: string, path: string): RouteMatch {
    const parts = split(path)
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue
      const params: Record<string, string> = {}
      let ok = true
      for (let i = 0; i < parts.length; i++) {
        const want = route.segments[i]!
        const got = parts[i]!
        if (want.startsWith(':')) params[want.slice(1)] = got
        else if (want !== got) {
          ok = false
          break
        }
      }
      if (ok) return { handler: route.handler, params }
    }
    return null
  }
}

function split(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s)
      } catch {
        return s
      }
    })
}
