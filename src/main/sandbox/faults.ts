/**
 * Fault injection for tests that prove the client's behaviour. A fault matches
 * requests by method and path (a string matches the path with or without the
 * `/platform/v1` prefix; a RegExp is tested against the full path) and fires
 * `times` times (default: until removed or `clear()`).
 */
export type Fault =
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: 429 | 500 | 502 | 503; retryAfterSeconds?: number }
  /** Destroy the socket before doing anything: nothing is written. */
  | { kind: 'drop' }
  /** Perform the request (the write commits), then destroy the socket without answering. */
  | { kind: 'drop-after-commit' }
  /** 200 with a body that is not JSON (`invalid-json`, default) or has a wrong-typed field (`wrong-type`). */
  | { kind: 'malformed'; variant?: 'invalid-json' | 'wrong-type' }
  /**
   * 200 whose list has one bad item: `data[index].field` (default the second item's `id`) becomes a
   * number, the rest stays as the route answered. What a tolerant reader must survive.
   */
  | { kind: 'malformed'; variant: 'one-item'; index?: number; field?: string }
  /** Answer with this body as published (a docs example), after the key check; the route is not run. */
  | { kind: 'replay'; status?: number; body: unknown }

export interface FaultMatch {
  method?: string
  path?: string | RegExp
}

export type FaultSpec = Fault & { match?: FaultMatch; times?: number }

export interface InjectedFault {
  readonly fault: Fault
  /** How many requests it has hit so far. */
  readonly hits: number
  remove(): void
}

interface Entry {
  spec: FaultSpec
  remaining: number
  hits: number
}

export class FaultInjector {
  private entries: Entry[] = []

  inject(spec: FaultSpec): InjectedFault {
    const entry: Entry = { spec, remaining: spec.times ?? Number.POSITIVE_INFINITY, hits: 0 }
    this.entries.push(entry)
    return {
      fault: spec,
      get hits() {
        return entry.hits
      },
      remove: () => {
        this.entries = this.entries.filter((e) => e !== entry)
      },
    }
  }

  clear(): void {
    this.entries = []
  }

  /**
   * The faults for one request, in injection order, each counted once. Latency
   * composes with one terminal fault (status/drop/malformed), so
   * "slow then 503" is two injections.
   */
  take(method: string, path: string): Fault[] {
    const out: Fault[] = []
    let terminal = false
    for (const entry of this.entries) {
      if (entry.remaining <= 0 || !matches(entry.spec.match, method, path)) continue
      const isLatency = entry.spec.kind === 'latency'
      if (!isLatency && terminal) continue
      terminal ||= !isLatency
      entry.remaining--
      entry.hits++
      out.push(toFault(entry.spec))
    }
    this.entries = this.entries.filter((e) => e.remaining > 0)
    return out
  }
}

function matches(match: FaultMatch | undefined, method: string, path: string): boolean {
  if (!match) return true
  if (match.method && match.method.toUpperCase() !== method) return false
  if (match.path === undefined) return true
  if (match.path instanceof RegExp) return match.path.test(path)
  return match.path === path || `/platform/v1${match.path}` === path
}

function toFault(spec: FaultSpec): Fault {
  const { match: _match, times: _times, ...fault } = spec
  return fault as Fault
}
