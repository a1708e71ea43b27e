import { Agent, type Dispatcher } from 'undici'

export interface KapsoAgentOptions {
  /** TCP + TLS handshake; a dead network fails here, fast. */
  connectTimeoutMs?: number
  /** Until the status line and headers arrive. Health checks can take ~15 s server-side. */
  headersTimeoutMs?: number
  /** Between body chunks, not the whole body. */
  bodyTimeoutMs?: number
  /** Idle sockets are kept this long, so a sync reuses connections instead of re-handshaking. */
  keepAliveTimeoutMs?: number
  /** Sockets per origin: enough for parallel page fetches, few enough to be polite. */
  connections?: number
}

export function createKapsoAgent(options: KapsoAgentOptions = {}): Agent {
  return new Agent({
    connect: { timeout: options.connectTimeoutMs ?? 10_000 },
    headersTimeout: options.headersTimeoutMs ?? 30_000,
    bodyTimeout: options.bodyTimeoutMs ?? 30_000,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    keepAliveMaxTimeout: 60_000,
    connections: options.connections ?? 8,
    // One request per socket at a time: pipelining would make a dropped socket ambiguous for more requests.
    pipelining: 1,
  })
}

let shared: Agent | undefined

/** One Agent for every project's client, so sockets to api.kapso.ai are pooled app-wide. */
export function sharedKapsoAgent(): Dispatcher {
  shared ??= createKapsoAgent()
  return shared
}

/** For app shutdown and tests: closes the shared pool (a later call makes a new one). */
export async function closeSharedKapsoAgent(): Promise<void> {
  const agent = shared
  shared = undefined
  await agent?.close()
}
