import { type ChildProcess, spawn } from 'node:child_process'
import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import type { Logger } from '../log/logger'
import { tunnelChildEnv } from './childEnv'
import { checkCloudflared } from './cloudflaredCheck'
import { type OpenTunnel, TunnelError, type TunnelProvider } from './tunnel'

export const CLOUDFLARED_INSTALL_HINT =
  'cloudflared is not installed. Install it from https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/ ' +
  '(macOS: "brew install cloudflared"; Debian/Ubuntu: the cloudflared .deb from that page; Windows: "winget install --id Cloudflare.cloudflared"), ' +
  'or set its path in the tunnel options.'

export interface CloudflaredOptions {
  /** An explicit path to the executable; empty/undefined = search PATH. */
  path?: string | undefined
  log: Logger
  /** How long to wait for the quick-tunnel URL. */
  startTimeoutMs?: number
  /** Where PATH is read from; the child itself only ever sees `tunnelChildEnv` of it. */
  env?: NodeJS.ProcessEnv
}

const QUICK_TUNNEL_URL = /https:\/\/(?!api\.)[a-z0-9-]+\.trycloudflare\.com\b/i

/** Finds an executable on PATH (and PATHEXT on Windows), or null. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD').split(';') : ['']
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    for (const ext of exts) {
      const candidate = join(dir, name + ext)
      if (isExecutable(candidate)) return candidate
    }
  }
  return null
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * Reads what cloudflared prints and says what it means. The URL shows in a
 * banner box; errors are log lines such as
 * `ERR Error unmarshaling QuickTunnel response: error code: 1015 … status_code="429 Too Many Requests"`.
 */
export function decodeCloudflaredOutput(text: string): { url: string | null; error: TunnelError | null } {
  const url = text.match(QUICK_TUNNEL_URL)?.[0] ?? null
  if (url) return { url, error: null }
  const lines = text.split(/\r?\n/).filter((l) => /\b(ERR|FTL)\b|failed to|error/i.test(l))
  const detail = lines.slice(-3).join('\n').slice(0, 600)
  if (/429|Too Many Requests|error code: 1015/i.test(text)) {
    return {
      url: null,
      error: new TunnelError(
        'rate_limited',
        'Cloudflare refused a new quick tunnel: too many were requested from this network recently (rate limit). Wait a few minutes and try again, or use ngrok or your own public URL.',
        detail,
      ),
    }
  }
  if (
    /no such host|dial tcp|network is unreachable|i\/o timeout|connection refused/i.test(text) &&
    /quick tunnel/i.test(text)
  ) {
    return {
      url: null,
      error: new TunnelError(
        'offline',
        'cloudflared could not reach Cloudflare to create a quick tunnel. Check the internet connection (or a proxy/firewall) and try again.',
        detail,
      ),
    }
  }
  if (/failed to (request|unmarshal) quick Tunnel/i.test(text)) {
    return {
      url: null,
      error: new TunnelError(
        'failed',
        'cloudflared could not create a quick tunnel. Try again in a moment, or choose another tunnel.',
        detail,
      ),
    }
  }
  return { url: null, error: null }
}

/** A Cloudflare quick tunnel: `cloudflared tunnel --url http://127.0.0.1:PORT`, no account needed. */
export function cloudflaredProvider(options: CloudflaredOptions): TunnelProvider {
  return {
    kind: 'cloudflared',
    open: (port) => openCloudflared(port, options),
  }
}

async function openCloudflared(port: number, options: CloudflaredOptions): Promise<OpenTunnel> {
  const env = options.env ?? process.env
  const binary = options.path?.trim() ? options.path.trim() : findOnPath('cloudflared', env)
  if (!binary || !isExecutable(binary)) {
    throw new TunnelError(
      'missing',
      options.path?.trim()
        ? `No executable cloudflared at ${options.path}. ${CLOUDFLARED_INSTALL_HINT}`
        : CLOUDFLARED_INSTALL_HINT,
    )
  }
  // Checked again each time: a saved path may predate the chooser, or the file may have changed since.
  const check = await checkCloudflared(binary, { env })
  if (!check.ok) {
    throw new TunnelError(
      'missing',
      `${check.problem} Choose the cloudflared program again in the tunnel options.`,
    )
  }
  const child: ChildProcess = spawn(
    binary,
    ['tunnel', '--no-autoupdate', '--url', `http://127.0.0.1:${port}`],
    { stdio: ['ignore', 'pipe', 'pipe'], env: tunnelChildEnv(env), windowsHide: true },
  )
  let output = ''
  let closedListener: ((message: string) => void) | null = null
  let stopping = false

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      fail(
        new TunnelError(
          'timeout',
          `cloudflared did not report a tunnel URL within ${Math.round((options.startTimeoutMs ?? 30_000) / 1000)} s. Check the connection and try again.`,
          output.slice(-600),
        ),
      )
    }, options.startTimeoutMs ?? 30_000)
    const fail = (error: TunnelError) => {
      clearTimeout(timer)
      child.kill('SIGTERM')
      reject(error)
    }
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-20_000)
      const decoded = decodeCloudflaredOutput(output)
      if (decoded.url) {
        clearTimeout(timer)
        resolve(decoded.url)
      } else if (decoded.error) fail(decoded.error)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(
        new TunnelError(
          'missing',
          `cloudflared could not be started (${error.message}). ${CLOUDFLARED_INSTALL_HINT}`,
        ),
      )
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      const decoded = decodeCloudflaredOutput(output)
      reject(
        decoded.error ??
          new TunnelError(
            'failed',
            `cloudflared stopped before the tunnel was ready (exit ${code ?? signal}).`,
            output.slice(-600),
          ),
      )
    })
  })
  options.log.info('cloudflared quick tunnel open', { url, pid: child.pid })
  child.removeAllListeners('exit')
  child.once('exit', (code, signal) => {
    if (stopping) return
    const message = `cloudflared stopped unexpectedly (exit ${code ?? signal}); Kapso cannot reach the receiver now.`
    options.log.warn('cloudflared exited', { code, signal })
    closedListener?.(message)
  })
  return {
    publicUrl: url,
    onClosed: (listener) => {
      closedListener = listener
    },
    async close() {
      stopping = true
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
      await exited
      clearTimeout(timer)
    },
  }
}
