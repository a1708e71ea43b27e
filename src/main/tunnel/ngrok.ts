import type { Logger } from '../log/logger'
import type { SecretStore } from '../secrets/secretStore'
import { type OpenTunnel, TunnelError, type TunnelProvider, trimOrigin } from './tunnel'

/** Keychain account for the ngrok authtoken (one per install, not per project). */
export const NGROK_AUTHTOKEN_ACCOUNT = 'tunnel:ngrok-authtoken'

/** The ngrok SDK's error codes we can explain (https://ngrok.com/docs/errors/). */
export function explainNgrokError(error: unknown): TunnelError {
  const text = error instanceof Error ? error.message : String(error)
  const code = (error as { errorCode?: string }).errorCode ?? text.match(/ERR_NGROK_\d+/)?.[0] ?? ''
  if (/ERR_NGROK_(105|106|107|4018)/.test(code) || /authtoken|authentication failed/i.test(text)) {
    return new TunnelError(
      'unauthorized',
      'ngrok refused the authtoken. Copy it again from https://dashboard.ngrok.com/get-started/your-authtoken and save it in the tunnel options.',
      code,
    )
  }
  if (/ERR_NGROK_108/.test(code)) {
    return new TunnelError(
      'failed',
      'ngrok allows only one agent session on this plan, and another one is running. Stop it (or the other app using ngrok) and try again.',
      code,
    )
  }
  if (/ERR_NGROK_(3200|3004|9009)/.test(code) || /connect|dns|timed out|network/i.test(text)) {
    return new TunnelError(
      'offline',
      'ngrok could not reach its service. Check the internet connection and try again.',
      code,
    )
  }
  return new TunnelError('failed', `ngrok could not open a tunnel: ${text.slice(0, 300)}`, code)
}

/** ngrok through its official SDK; the authtoken comes from the OS keychain, never a file. */
export function ngrokProvider(options: { secrets: SecretStore; log: Logger }): TunnelProvider {
  return {
    kind: 'ngrok',
    async open(port): Promise<OpenTunnel> {
      const authtoken = await options.secrets.getPassword(NGROK_AUTHTOKEN_ACCOUNT)
      if (!authtoken) {
        throw new TunnelError(
          'unauthorized',
          'ngrok needs an authtoken. Get one at https://dashboard.ngrok.com/get-started/your-authtoken and save it in the tunnel options.',
        )
      }
      options.log.redactor.addSecret(authtoken)
      const ngrok = await import('@ngrok/ngrok')
      let listener: Awaited<ReturnType<typeof ngrok.forward>>
      try {
        listener = await ngrok.forward({ addr: `127.0.0.1:${port}`, authtoken })
      } catch (error) {
        throw explainNgrokError(error)
      }
      const url = listener.url()
      if (!url) {
        await listener.close()
        throw new TunnelError('failed', 'ngrok opened a session but reported no public URL. Try again.')
      }
      return {
        publicUrl: trimOrigin(url),
        onClosed: () => {},
        close: () => listener.close(),
      }
    },
  }
}
