import { readFileSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import { type AddressInfo, connect, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { createLogger } from '../../../src/main/log/logger'
import { guardConnections } from '../../../src/main/net/connectionGuard'
import { tempDataDir } from '../../support/tempDir'
import { until } from '../../support/until'

/** The connection bound both servers use, on a bare HTTP server over loopback. */

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function guarded(max: number, perAddress: number) {
  const data = tempDataDir('kapso-guard-')
  const logFile = join(data.dir, 'guard.log')
  const held: ServerResponse[] = []
  const server = createServer((req, res) => {
    if (req.url === '/hold') held.push(res)
    else res.end('ok')
  })
  const guard = guardConnections(server, {
    name: 'test server',
    max,
    perAddress,
    log: createLogger({ file: logFile }),
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  cleanups.push(async () => {
    for (const res of held) res.end()
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
    data.remove()
  })
  return { guard, port, logFile, held }
}

/** A client socket; its `closed` turns true once the server has dropped it. */
function open(port: number, send?: string): Promise<Socket> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1')
    s.on('error', () => {})
    s.on('data', () => {})
    s.on('connect', () => {
      if (send) s.write(send)
      resolve(s)
    })
    cleanups.push(() => s.destroy())
  })
}

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`

describe('guardConnections', () => {
  test('over the limit the oldest idle connection goes, and the new one is served', async () => {
    const { guard, port, logFile } = await guarded(4, 4)
    const idle = [await open(port), await open(port), await open(port), await open(port)]
    await until('four connections', () => guard.open === 4)
    const fifth = await open(port)
    await until('the oldest idle one closed', () => idle[0]!.closed)
    expect(idle.slice(1).map((s) => s.closed)).toEqual([false, false, false])
    const answer = await new Promise<string>((resolve) => {
      fifth.once('data', (chunk) => resolve(chunk.toString()))
      fifth.write(get('/'))
    })
    expect(answer).toMatch(/^HTTP\/1\.1 200/)
    expect(guard.evicted).toBe(1)
    expect(readFileSync(logFile, 'utf8')).toContain('test server: connection limit reached')
  })

  test('when every connection is busy the new one is refused and the busy ones are kept', async () => {
    const { port, held } = await guarded(3, 3)
    const busy = [
      await open(port, get('/hold')),
      await open(port, get('/hold')),
      await open(port, get('/hold')),
    ]
    await until('three requests in flight', () => held.length === 3)
    const extra = await open(port)
    await until('the extra connection refused', () => extra.closed)
    expect(busy.map((s) => s.closed)).toEqual([false, false, false])
  })

  test('a flood is logged once per window, not once per socket', async () => {
    const { guard, port, logFile } = await guarded(2, 2)
    for (let i = 0; i < 30; i++) await open(port)
    await until('the flood evicted', () => guard.evicted >= 28)
    const lines = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('connection limit reached'))
    expect(lines.length).toBe(1)
  })
})
