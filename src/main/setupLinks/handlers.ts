import type { setupLinkCalls } from '../../shared/setupLinks/contract'
import type { HandlersFor } from '../core/handlerTable'
import type { BulkLinks } from './bulk'
import type { SetupLinksService } from './service'

export function createSetupLinkHandlers(
  service: SetupLinksService,
  bulk: BulkLinks,
): HandlersFor<keyof typeof setupLinkCalls> {
  return {
    'setupLinks.context': ({ customerId }) => service.context(customerId),
    'setupLinks.create': ({ customerId, options, confirmRevoke, catchRedirects }) =>
      service.create(customerId, options, confirmRevoke, catchRedirects),
    'setupLinks.recent': ({ limit, search }) => service.recent(limit, search),
    'setupLinks.get': ({ linkId }) => service.get(linkId),
    'setupLinks.revoke': ({ linkId }) => service.revoke(linkId),
    'setupLinks.setExpiry': ({ linkId, expiresAt }) => service.setExpiry(linkId, expiresAt),
    'setupLinks.qr': ({ linkId }) => service.qr(linkId),
    'setupLinks.copyImage': ({ linkId }) => service.copyImage(linkId),
    'setupLinks.saveImage': ({ linkId, format }) => service.saveImage(linkId, format),
    'setupLinks.print': ({ linkIds, as }) => service.print(linkIds, as),
    'setupLinks.presets': () => service.presets(),
    'setupLinks.savePreset': ({ name, options, makeDefault }) =>
      service.savePreset(name, options, makeDefault),
    'setupLinks.deletePreset': ({ id }) => service.deletePreset(id),
    'setupLinks.setDefaultPreset': ({ id }) => service.setDefaultPreset(id),
    'setupLinks.bulkStart': ({ customerIds, presetId }) => bulk.start(customerIds, presetId),
    'setupLinks.bulkResult': async ({ jobId }) => bulk.result(jobId),
    'setupLinks.bulkCancel': ({ jobId }) => bulk.cancel(jobId),
    'setupLinks.bulkCsv': ({ jobId }) => bulk.csv(jobId),
    'setupLinks.discardQueued': ({ seq }) => service.discardQueued(seq),
  }
}
