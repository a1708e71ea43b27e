import { Agent, type Dispatcher } from 'undici'
import { createKapsoClient, type KapsoClient, type KapsoClientOptions } from '../../../src/main/kapso'
import { createLogger } from '../../../src/main/log/logger'
import { type Sandbox, type SandboxOptions, startSandbox } from '../../../src/main/sandbox/sandboxServer'

/** What the client put on the wire, captured by a dispatcher interceptor (no mocks: the request still goes out). */
export interface SentRequest {
  method: string
  path: string
  body: string | undefined
}

export function recordingDispatcher(agent: Agent, sent: SentRequest[]): Dispatcher {
  return agent.compose((dispatch) => (opts, handler) => {
    sent.push({
      method: String(opts.method),
      path: String(opts.path),
      body: typeof opts.body === 'string' ? opts.body : undefined,
    })
    return dispatch(opts, handler)
  })
}

/** Counts requests in flight through a dispatcher (to prove parallel fetching without timing it). */
export function inFlightCounter(inner: Dispatcher): { dispatcher: Dispatcher; readonly max: number } {
  let now = 0
  let max = 0
  const ends = new Set<PropertyKey>(['onResponseEnd', 'onResponseError', 'onComplete', 'onError'])
  const dispatcher = inner.compose((dispatch) => (opts, handler) => {
    now += 1
    max = Math.max(max, now)
    let open = true
    const tracked = new Proxy(handler, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target)
        if (typeof value !== 'function') return value
        return (...args: unknown[]) => {
          if (open && ends.has(prop)) {
            open = false
            now -= 1
          }
          return value.apply(target, args)
        }
      },
    })
    return dispatch(opts, tracked)
  })
  return {
    dispatcher,
    get max() {
      return max
    },
  }
}

export interface Harness {
  sandbox: Sandbox
  agent: Agent
  sent: SentRequest[]
  client(extra?: Partial<KapsoClientOptions>): KapsoClient
  close(): Promise<void>
}

/** Tiny retry delays so fault tests stay fast on two cores. */
export const fastRetry = { baseDelayMs: 2, maxDelayMs: 10, maxAttempts: 4, maxTotalMs: 10_000 }

export async function startHarness(options: SandboxOptions = {}): Promise<Harness> {
  const sandbox = await startSandbox({ customers: 30, ...options })
  const agent = new Agent({ keepAliveTimeout: 2_000, connections: 8 })
  const sent: SentRequest[] = []
  const dispatcher = recordingDispatcher(agent, sent)
  return {
    sandbox,
    agent,
    sent,
    client: (extra = {}) =>
      createKapsoClient({
        baseUrl: sandbox.url,
        apiKey: sandbox.apiKey,
        log: createLogger({ level: 'error' }),
        dispatcher,
        retry: fastRetry,
        ...extra,
      }),
    close: async () => {
      await agent.close()
      await sandbox.close()
    },
  }
}

/** Concrete request path → the spec's template (relative to /platform/v1), for conformance checks. */
const templates: Array<[RegExp, string]> = [
  [/^\/customers$/, '/customers'],
  [/^\/customers\/[^/]+$/, '/customers/{customer_id}'],
  [/^\/customers\/[^/]+\/setup_links$/, '/customers/{customer_id}/setup_links'],
  [/^\/customers\/[^/]+\/setup_links\/[^/]+$/, '/customers/{customer_id}/setup_links/{setup_link_id}'],
  [/^\/whatsapp\/webhooks$/, '/whatsapp/webhooks'],
  [/^\/whatsapp\/webhooks\/[^/]+$/, '/whatsapp/webhooks/{webhook_id}'],
  [/^\/whatsapp\/webhooks\/[^/]+\/test$/, '/whatsapp/webhooks/{webhook_id}/test'],
  [/^\/whatsapp\/phone_numbers\/[^/]+\/webhooks$/, '/whatsapp/phone_numbers/{phone_number_id}/webhooks'],
  [
    /^\/whatsapp\/phone_numbers\/[^/]+\/webhooks\/[^/]+$/,
    '/whatsapp/phone_numbers/{phone_number_id}/webhooks/{webhook_id}',
  ],
]

export function specTemplate(path: string): string | undefined {
  const bare = path.split('?')[0]!
  if (!bare.startsWith('/platform/v1/')) return undefined
  const rel = bare.slice('/platform/v1'.length)
  return templates.find(([re]) => re.test(rel))?.[1]
}
