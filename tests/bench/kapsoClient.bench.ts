import { Agent, request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKapsoClient, type KapsoClient } from '../../src/main/kapso'
import { createLogger } from '../../src/main/log/logger'
import { type Sandbox, startSandbox } from '../../src/main/sandbox/sandboxServer'

/**
 * Figures, not assertions: the machine is shared and noisy, so only correctness
 * is asserted. (1) what the client adds per request over a bare undici
 * request() to the same endpoint; (2) pulling 10,000 customers sequentially vs
 * with the client's parallel page fetches.
 */

let sandbox: Sandbox
let agent: Agent
let client: KapsoClient

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}
const fmt = (n: number, digits = 1) => n.toFixed(digits)

beforeAll(async () => {
  // 9,995 generated + 5 hand-written tenants = 10,000 customers.
  sandbox = await startSandbox({ customers: 9_995 })
  agent = new Agent({ keepAliveTimeout: 30_000, connections: 8 })
  client = createKapsoClient({
    baseUrl: sandbox.url,
    apiKey: sandbox.apiKey,
    log: createLogger({ level: 'error' }),
    dispatcher: agent,
  })
})
afterAll(async () => {
  await agent.close()
  await sandbox.close()
})

describe('Kapso client benchmark', () => {
  it('per-request overhead vs bare undici request()', async () => {
    const [customer] = (await client.customers.listPage({ per_page: 1 })).items
    const id = customer!.id
    const url = `${sandbox.url}/platform/v1/customers/${id}`
    const headers = { 'x-api-key': sandbox.apiKey, accept: 'application/json' }

    const bare = async () => {
      const res = await request(url, { dispatcher: agent, headers })
      const body = (await res.body.json()) as { data: { id: string } }
      if (body.data.id !== id) throw new Error('wrong body')
    }
    const viaClient = async () => {
      const got = await client.customers.get(id)
      if (got.id !== id) throw new Error('wrong body')
    }
    const time = async (fn: () => Promise<void>, n: number, into: number[]) => {
      for (let i = 0; i < n; i++) {
        const t = performance.now()
        await fn()
        into.push((performance.now() - t) * 1000)
      }
    }

    const warm: number[] = []
    await time(bare, 500, warm)
    await time(viaClient, 500, warm)
    // Interleaved rounds so drift on a shared machine hits both sides alike.
    const bareUs: number[] = []
    const clientUs: number[] = []
    for (let round = 0; round < 10; round++) {
      await time(bare, 300, bareUs)
      await time(viaClient, 300, clientUs)
    }
    const b = median(bareUs)
    const c = median(clientUs)
    console.log(
      [
        '',
        '(1) GET /platform/v1/customers/{id}: median per request, 3,000 each after 500 warm-up',
        '  path                        median µs   p90 µs',
        `  bare undici request()       ${fmt(b).padStart(9)}   ${fmt(p90(bareUs)).padStart(6)}`,
        `  KapsoClient.customers.get   ${fmt(c).padStart(9)}   ${fmt(p90(clientUs)).padStart(6)}`,
        `  ratio client / bare         ${fmt(c / b, 2).padStart(9)}   (target ≤ 1.30)`,
        `  client overhead             ${fmt(c - b).padStart(9)} µs`,
      ].join('\n'),
    )
    expect(bareUs).toHaveLength(3_000)
    expect(clientUs).toHaveLength(3_000)
  })

  it('pulls 10,000 customers: sequential vs parallel page fetches', async () => {
    const pull = async (concurrency: number) => {
      const t = performance.now()
      const ids = new Set<string>()
      let pages = 0
      for await (const page of client.customers.list({}, { perPage: 100, concurrency })) {
        pages++
        for (const c of page.items) ids.add(c.id)
      }
      return { ms: performance.now() - t, ids: ids.size, pages }
    }
    const compare = async (label: string) => {
      await pull(4) // warm-up
      const seq: number[] = []
      const par: number[] = []
      for (let run = 0; run < 3; run++) {
        const s = await pull(1)
        const p = await pull(4)
        expect(s.ids).toBe(10_000)
        expect(p.ids).toBe(10_000)
        expect(s.pages).toBe(100)
        expect(p.pages).toBe(100)
        seq.push(s.ms)
        par.push(p.ms)
      }
      const s = median(seq)
      const p = median(par)
      return `  ${label.padEnd(34)} ${fmt(s).padStart(9)} ${fmt(p).padStart(9)} ${fmt(s / p, 2).padStart(7)}x`
    }
    const rows = [await compare('loopback, no added latency')]
    // The sandbox shares this process and its event loop, so on loopback the pages mostly queue
    // for the same CPU; a network round trip is what parallel fetches hide, so measure that too.
    const fault = sandbox.faults.inject({
      match: { method: 'GET', path: '/customers' },
      kind: 'latency',
      ms: 20,
    })
    rows.push(await compare('20 ms added latency per page'))
    fault.remove()
    console.log(
      [
        '',
        '(2) 10,000 customers, 100 pages of 100, median of 3 runs (ms)',
        '  setting                            sequential  parallel  speed-up',
        '                                     (conc. 1)   (conc. 4)',
        ...rows,
        '',
      ].join('\n'),
    )
  })
})

function p90(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length * 0.9)]!
}
