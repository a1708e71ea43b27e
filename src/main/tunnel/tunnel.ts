import type { TunnelKind } from '../../shared/webhooks/session'

/** Why a tunnel could not open, in words a person can act on. */
export type TunnelErrorReason = 'missing' | 'rate_limited' | 'offline' | 'unauthorized' | 'failed' | 'timeout'

export class TunnelError extends Error {
  constructor(
    readonly reason: TunnelErrorReason,
    message: string,
    readonly detail?: string,
  ) {
    super(message)
    this.name = 'TunnelError'
  }
}

export interface OpenTunnel {
  /** The public https origin (no trailing slash) that reaches the local receiver. */
  readonly publicUrl: string
  /** Called once if the tunnel dies on its own (process exit, session drop). */
  onClosed(listener: (message: string) => void): void
  close(): Promise<void>
}

/** One way of making the local receiver reachable from Kapso. */
export interface TunnelProvider {
  readonly kind: TunnelKind
  open(localPort: number): Promise<OpenTunnel>
}

export function trimOrigin(url: string): string {
  return url.replace(/\/+$/, '')
}
