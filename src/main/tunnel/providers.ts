import type { TunnelSettings } from '../../shared/webhooks/session'
import type { Logger } from '../log/logger'
import type { SecretStore } from '../secrets/secretStore'
import { cloudflaredProvider } from './cloudflared'
import { ngrokProvider } from './ngrok'
import { directProvider, publicUrlProvider } from './simple'
import type { TunnelProvider } from './tunnel'

/** The provider the person chose for the active project. */
export function tunnelProviderFor(
  settings: TunnelSettings,
  deps: { secrets: SecretStore; log: Logger },
): TunnelProvider {
  switch (settings.kind) {
    case 'cloudflared':
      return cloudflaredProvider({ path: settings.cloudflaredPath, log: deps.log })
    case 'ngrok':
      return ngrokProvider(deps)
    case 'public-url':
      return publicUrlProvider(settings.publicUrl)
    default:
      return directProvider()
  }
}
