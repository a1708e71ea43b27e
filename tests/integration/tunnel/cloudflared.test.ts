import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createCore } from '../../../src/main/core/createCore'
import { dispatch } from '../../../src/main/ipc/dispatch'
import { createLogger } from '../../../src/main/log/logger'
import { createMemorySecretStore } from '../../../src/main/secrets/memorySecretStore'
import { cloudflaredProvider, decodeCloudflaredOutput } from '../../../src/main/tunnel/cloudflared'
import { checkCloudflared } from '../../../src/main/tunnel/cloudflaredCheck'
import type { TunnelHost } from '../../../src/main/tunnel/host'
import { TunnelError } from '../../../src/main/tunnel/tunnel'
import { tempDataDir } from '../../support/tempDir'

const log = createLogger({ level: 'error' })
let bin: ReturnType<typeof tempDataDir>
beforeEach(() => {
  bin = tempDataDir('kapso-fake-cloudflared-')
})
const cores: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const close of cores.splice(0)) await close()
  bin.remove()
})

/** Writes a stand-in `cloudflared` (a shell script) that prints `stderr` and then behaves as told. */
function fakeCloudflared(stderr: string, after: 'stay' | 'exit1' = 'stay'): string {
  const file = join(bin.dir, 'cloudflared')
  const argsFile = join(bin.dir, 'args')
  writeFileSync(
    file,
    // The trap goes in before the banner: the provider may stop the process as soon as it reads the URL.
    `#!/bin/sh
if [ "$1" = "--version" ]; then echo 'cloudflared version 2025.1.0 (built 2025-01-15-1200 UTC)'; exit 0; fi
${after === 'stay' ? `trap 'echo stopped >> "${argsFile}"; exit 0' TERM` : ''}
echo "$@" > '${argsFile}'
env > '${join(bin.dir, 'env')}'
cat >&2 <<'BANNER'
${stderr}
BANNER
${after === 'stay' ? 'while true; do sleep 0.1; done' : 'exit 1'}
`,
  )
  chmodSync(file, 0o755)
  return file
}

// The real format (cloudflared 2024.x/2025.x): log lines, then the URL in an ASCII box.
const BANNER = `2025-01-15T10:00:00Z INF Thank you for trying Cloudflare Tunnel. Doing so, without a Cloudflare account, is a quick way to experiment and try it out. However, be aware that these account-less Tunnels have no uptime guarantee, are subject to the Cloudflare Online Services Terms of Use (https://www.cloudflare.com/website-terms/), and Cloudflare reserves the right to investigate your use of Tunnels for violations of such terms. If you intend to use Tunnels in production you should use a pre-created named tunnel by following: https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/get-started/
2025-01-15T10:00:00Z INF Requesting new quick Tunnel on trycloudflare.com...
2025-01-15T10:00:01Z INF +--------------------------------------------------------------------------------------------+
2025-01-15T10:00:01Z INF |  Your quick Tunnel has been created! Visit it at (it may take some time to be reachable):  |
2025-01-15T10:00:01Z INF |  https://seasonal-deck-organisms-sf.trycloudflare.com                                      |
2025-01-15T10:00:01Z INF +--------------------------------------------------------------------------------------------+
2025-01-15T10:00:01Z INF Cannot determine default configuration path. No file [config.yml config.yaml] in [~/.cloudflared ~/.cloudflare-warp ~/cloudflare-warp /etc/cloudflared /usr/local/etc/cloudflared]
2025-01-15T10:00:01Z INF Version 2025.1.0
2025-01-15T10:00:02Z INF Registered tunnel connection connIndex=0 connection=abc event=0 ip=198.41.200.13 location=ams01 protocol=quic`

const RATE_LIMITED = `2025-01-15T10:00:00Z INF Requesting new quick Tunnel on trycloudflare.com...
2025-01-15T10:00:01Z ERR Error unmarshaling QuickTunnel response: error code: 1015 error="invalid character 'e' looking for beginning of value" status_code="429 Too Many Requests"
failed to unmarshal quick Tunnel: invalid character 'e' looking for beginning of value`

test('the stand-in prints the real banner: the provider reads the trycloudflare URL, and stop ends the process', async () => {
  const path = fakeCloudflared(BANNER)
  const tunnel = await cloudflaredProvider({ path, log }).open(4321)
  expect(tunnel.publicUrl).toBe('https://seasonal-deck-organisms-sf.trycloudflare.com')
  expect(readFileSync(join(bin.dir, 'args'), 'utf8')).toContain(
    'tunnel --no-autoupdate --url http://127.0.0.1:4321',
  )
  await tunnel.close()
  expect(readFileSync(join(bin.dir, 'args'), 'utf8')).toContain('stopped')
})

test('found on PATH when no path is configured', async () => {
  fakeCloudflared(BANNER)
  const tunnel = await cloudflaredProvider({
    log,
    env: { ...process.env, PATH: `${bin.dir}:/usr/bin:/bin` },
  }).open(1)
  expect(tunnel.publicUrl).toMatch(/trycloudflare\.com$/)
  await tunnel.close()
})

test('a rate-limited quick tunnel (429 / error 1015) is explained in plain words', async () => {
  const path = fakeCloudflared(RATE_LIMITED, 'exit1')
  const error = await cloudflaredProvider({ path, log })
    .open(1)
    .catch((e) => e)
  expect(error).toBeInstanceOf(TunnelError)
  expect(error.reason).toBe('rate_limited')
  expect(error.message).toMatch(/too many .*rate limit.*try again/i)
})

test('the same rate limit is reported even while the process keeps running', async () => {
  const path = fakeCloudflared(RATE_LIMITED, 'stay')
  const error = await cloudflaredProvider({ path, log })
    .open(1)
    .catch((e) => e)
  expect(error.reason).toBe('rate_limited')
})

test('missing cloudflared says how to install it', async () => {
  const error = await cloudflaredProvider({ log, env: { PATH: bin.dir } })
    .open(1)
    .catch((e) => e)
  expect(error.reason).toBe('missing')
  expect(error.message).toMatch(/not installed.*brew install cloudflared/)
})

test('no URL within the start timeout is reported, and the process is stopped', async () => {
  const path = fakeCloudflared('2025-01-15T10:00:00Z INF Requesting new quick Tunnel on trycloudflare.com...')
  const error = await cloudflaredProvider({ path, log, startTimeoutMs: 500 })
    .open(1)
    .catch((e) => e)
  expect(error.reason).toBe('timeout')
})

test('an exit after the tunnel was up is reported to the session', async () => {
  const path = fakeCloudflared(BANNER)
  const tunnel = await cloudflaredProvider({ path, log }).open(1)
  const closed = new Promise<string>((resolve) => tunnel.onClosed(resolve))
  const pid = Number(
    (await import('node:child_process')).execSync(`pgrep -f '${path}' | head -1`).toString().trim(),
  )
  process.kill(pid, 'SIGKILL')
  expect(await closed).toMatch(/stopped unexpectedly/)
})

test('decoding: offline errors and URLs that are not quick tunnels', () => {
  expect(
    decodeCloudflaredOutput(
      'ERR failed to request quick Tunnel: Post "https://api.trycloudflare.com/tunnel": dial tcp: lookup api.trycloudflare.com: no such host',
    ).error?.reason,
  ).toBe('offline')
  expect(
    decodeCloudflaredOutput('see https://www.cloudflare.com/website-terms/ and trycloudflare.com...').url,
  ).toBeNull()
})

describe('the program main runs as the tunnel', () => {
  test('the child sees a minimal environment: no API keys, no NODE_OPTIONS, no ELECTRON_*', async () => {
    const path = fakeCloudflared(BANNER)
    const env = {
      ...process.env,
      KAPSO_API_KEY: 'kapso-secret-key-0001',
      OPENAI_API_KEY: 'sk-secret-0002',
      NODE_OPTIONS: '--require /tmp/evil.js',
      ELECTRON_RUN_AS_NODE: '1',
      HOME: '/home/tester',
    }
    const tunnel = await cloudflaredProvider({ path, log, env }).open(1)
    await tunnel.close()
    const seen = readFileSync(join(bin.dir, 'env'), 'utf8')
    expect(seen).toContain('HOME=/home/tester')
    expect(seen).toMatch(/^PATH=/m)
    expect(seen).not.toMatch(/secret|NODE_OPTIONS|ELECTRON_|API_KEY/)
  })

  test('a saved path to something that is not cloudflared is refused at start and never run as a tunnel', async () => {
    const path = notCloudflared()
    const error = await cloudflaredProvider({ path, log })
      .open(1)
      .catch((e) => e)
    expect(error).toBeInstanceOf(TunnelError)
    expect(error.message).toMatch(
      /does not answer "--version" the way cloudflared does.*Choose the cloudflared program/,
    )
    expect(readFileSync(join(bin.dir, 'ran'), 'utf8')).toBe('--version\n')
  })

  test('a program that hangs on --version is refused once the short timeout ends', async () => {
    const file = join(bin.dir, 'hangs')
    writeFileSync(file, '#!/bin/sh\nexec sleep 30\n')
    chmodSync(file, 0o755)
    const started = Date.now()
    const check = await checkCloudflared(file, { timeoutMs: 300 })
    expect(check).toEqual({ ok: false, problem: expect.stringMatching(/does not answer "--version"/) })
    // Generous bound: the check must not wait for the program's own 30 s.
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  describe('through the IPC contract (the web preview: no file dialog)', () => {
    test('/bin/sh, a script that does not answer like cloudflared, a relative path: refused with validation', async () => {
      const { call, raw } = coreFor()
      for (const path of ['/bin/sh', notCloudflared(), 'cloudflared', join(bin.dir, 'missing')]) {
        const result = await raw('webhooks.chooseCloudflared', { from: 'typed', path })
        expect(result.ok).toBe(false)
        if (result.ok) continue
        expect(result.error.code).toBe('validation')
        expect(result.error.message).toMatch(/cloudflared|absolute path|no executable file/)
      }
      expect(readFileSync(join(bin.dir, 'ran'), 'utf8')).toBe('--version\n')
      expect((await call('webhooks.getSettings')).tunnel.cloudflaredPath).toBeUndefined()
    })

    test('the page cannot set the path through updateSettings', async () => {
      const { call, raw } = coreFor()
      const result = await raw('webhooks.updateSettings', {
        tunnel: { kind: 'cloudflared', cloudflaredPath: '/bin/sh' },
      })
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error.code).toBe('validation')
        expect(result.error.message).toMatch(/Choose cloudflared/)
      }
      expect((await call('webhooks.getSettings')).tunnel.cloudflaredPath).toBeUndefined()
    })

    test('a real cloudflared (stand-in) is accepted, kept across setting changes, and cleared back to PATH', async () => {
      const { call } = coreFor()
      const path = fakeCloudflared(BANNER)
      const chosen = await call('webhooks.chooseCloudflared', { from: 'typed', path })
      expect(chosen).toMatchObject({
        outcome: 'chosen',
        version: expect.stringMatching(/^cloudflared version 2025\.1\.0/),
      })
      expect(chosen.settings.tunnel.cloudflaredPath).toBe(path)
      const after = await call('webhooks.updateSettings', { tunnel: { kind: 'cloudflared' }, retention: 200 })
      expect(after.tunnel.cloudflaredPath).toBe(path)
      const cleared = await call('webhooks.chooseCloudflared', { from: 'path' })
      expect(cleared.settings.tunnel.cloudflaredPath).toBeUndefined()
      // A typed path is never run as a tunnel by choosing it: only `--version` was asked.
      expect(() => readFileSync(join(bin.dir, 'args'), 'utf8')).toThrow()
    })

    test('with a file dialog (the app), only the picked file counts: a typed path is refused', async () => {
      const path = fakeCloudflared(BANNER)
      const picks: Array<string | null> = [path, null]
      const { call, raw } = coreFor({ chooseExecutable: async () => picks.shift() ?? null })
      const typed = await raw('webhooks.chooseCloudflared', { from: 'typed', path })
      expect(typed.ok === false && typed.error.code).toBe('validation')
      expect(
        (await call('webhooks.chooseCloudflared', { from: 'dialog' })).settings.tunnel.cloudflaredPath,
      ).toBe(path)
      expect((await call('webhooks.chooseCloudflared', { from: 'dialog' })).outcome).toBe('cancelled')
    })
  })
})

/** A stand-in that is not cloudflared: it notes how it was run and answers like some other tool. */
function notCloudflared(): string {
  const file = join(bin.dir, 'not-cloudflared')
  writeFileSync(file, `#!/bin/sh\necho "$@" >> '${join(bin.dir, 'ran')}'\necho 'some-tool 1.0'\n`)
  chmodSync(file, 0o755)
  return file
}

function coreFor(tunnelHost?: TunnelHost) {
  const data = tempDataDir('kapso-choose-cloudflared-')
  const core = createCore({
    appName: 'Kapso Console',
    appVersion: '0.0.0-test',
    dataDir: data.dir,
    secrets: createMemorySecretStore(),
    log,
    ...(tunnelHost ? { tunnelHost } : {}),
  })
  cores.push(async () => {
    await core.dispose()
    data.remove()
  })
  const raw = (name: string, input: unknown) =>
    dispatch(core.handlers, log, name, input, { checkOutput: true, origin: 'test' })
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely
  const call = async (name: string, input: unknown = {}): Promise<any> => {
    const result = await raw(name, input)
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
    return result.data
  }
  return { call, raw }
}
