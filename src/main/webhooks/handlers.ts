import type { webhookCalls } from '../../shared/webhooks/contract'
import type { HandlersFor } from '../core/handlerTable'
import type { Logger } from '../log/logger'
import type { SecretStore } from '../secrets/secretStore'
import { chooseCloudflared } from '../tunnel/chooseCloudflared'
import type { TunnelHost } from '../tunnel/host'
import { NGROK_AUTHTOKEN_ACCOUNT } from '../tunnel/ngrok'
import type { WebhookService } from './listenSession'

export function createWebhookHandlers(
  service: WebhookService,
  secrets: SecretStore,
  tunnel: { host: TunnelHost | undefined; log: Logger },
): HandlersFor<keyof typeof webhookCalls> {
  return {
    'webhooks.listEvents': async (input) => (await service.events()).list(input),
    'webhooks.getEvent': async ({ id }) => (await service.events()).get(id, service.receiverOrigin),
    'webhooks.facets': async () => (await service.events()).facets(),
    'webhooks.clear': async () => ({ removed: await service.clear() }),
    'webhooks.getSettings': () => service.settings(),
    'webhooks.updateSettings': (patch) => service.updateSettings(patch),
    'webhooks.chooseCloudflared': (input) =>
      chooseCloudflared(input, {
        host: tunnel.host,
        log: tunnel.log,
        save: (path) => service.saveCloudflaredPath(path),
        settings: () => service.settings(),
      }),
    'webhooks.storageUsage': () => service.storageUsage(),
    'webhooks.setNgrokAuthtoken': async ({ authtoken }) => {
      const token = authtoken.trim()
      if (token) await secrets.setPassword(NGROK_AUTHTOKEN_ACCOUNT, token)
      else await secrets.deletePassword(NGROK_AUTHTOKEN_ACCOUNT)
      return { configured: token !== '' }
    },
    'webhooks.getNgrokAuthtokenStatus': async () => ({
      configured: (await secrets.getPassword(NGROK_AUTHTOKEN_ACCOUNT).catch(() => null)) !== null,
    }),
    'webhooks.getStatus': async () => service.status(),
    'webhooks.startListening': (input) => service.start(input),
    'webhooks.stopListening': () => service.stop(),
    'webhooks.sendTest': ({ eventType }) => service.sendTest(eventType),
    'webhooks.findLeftovers': () => service.findLeftovers(),
    'webhooks.removeLeftovers': ({ ids }) => service.removeLeftovers(ids),
  }
}
