import { type OpenTunnel, TunnelError, type TunnelProvider, trimOrigin } from './tunnel'

const noClose = async () => {}

/** Loopback only: for the sandbox, which delivers on this machine. */
export function directProvider(): TunnelProvider {
  return {
    kind: 'direct',
    open: async (port): Promise<OpenTunnel> => ({
      publicUrl: `http://127.0.0.1:${port}`,
      onClosed: () => {},
      close: noClose,
    }),
  }
}

/** A URL the person runs themselves (their own tunnel or reverse proxy) that forwards to the receiver. */
export function publicUrlProvider(url: string | undefined): TunnelProvider {
  return {
    kind: 'public-url',
    open: async (): Promise<OpenTunnel> => {
      if (!url) {
        throw new TunnelError(
          'failed',
          'Enter the public URL that forwards to the receiver, or choose another tunnel.',
        )
      }
      let parsed: URL
      try {
        parsed = new URL(url)
      } catch {
        throw new TunnelError('failed', `"${url}" is not a URL. Enter one like https://hooks.example.com.`)
      }
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
        throw new TunnelError('failed', 'The public URL must start with https://.')
      }
      return { publicUrl: trimOrigin(parsed.origin + parsed.pathname), onClosed: () => {}, close: noClose }
    },
  }
}
