import type { webhookToolCalls } from '../../shared/webhooks/toolsContract'
import type { HandlersFor } from '../core/handlerTable'
import type { WebhookTools } from './tools'
import { listViews, removeView, saveView } from './views/savedViews'

export function createWebhookToolHandlers(tools: WebhookTools): HandlersFor<keyof typeof webhookToolCalls> {
  return {
    'webhooks.lab.inspect': ({ eventId }) => tools.inspect(eventId),
    'webhooks.lab.listSecrets': () => tools.ring.list(),
    'webhooks.lab.saveSecret': ({ label, secret }) => tools.saveSecret(label, secret),
    'webhooks.lab.removeSecret': async ({ id }) => {
      await tools.ring.remove(id)
      return tools.ring.list()
    },
    'webhooks.forwarding.getSettings': () => tools.forwarder.settings(),
    'webhooks.forwarding.updateSettings': (settings) => tools.forwarder.updateSettings(settings),
    'webhooks.forwarding.forEvent': ({ eventId }) => tools.forwarder.forEvent(eventId),
    'webhooks.forwarding.recent': () => tools.forwarder.recent(),
    'webhooks.forwarding.retry': ({ id }) => tools.forwarder.retry(id),
    'webhooks.forwarding.replay': (input) => tools.forwarder.replay(input),
    'webhooks.trigger': (input) => tools.trigger(input),
    'webhooks.watch.getStatus': async () => tools.watch.status(),
    'webhooks.watch.recheck': () => tools.watch.recheck(),
    'webhooks.watch.dismiss': async () => tools.watch.dismiss(),
    'webhooks.views.list': async () => listViews(await tools.events()),
    'webhooks.views.save': async ({ name, filter }) => saveView(await tools.events(), name, filter),
    'webhooks.views.remove': async ({ name }) => removeView(await tools.events(), name),
    'webhooks.export': (input) => tools.exportEvents(input),
    'webhooks.import': (input) => tools.importNdjson(input.content),
    'webhooks.reconnectTunnel': () => tools.reconnectTunnel(),
    'webhooks.adoptTunnelUrl': () => tools.adoptTunnelUrl(),
    'webhooks.deliveries.list': ({ filter, after }) => tools.deliveryRecords(filter, after),
  }
}
