import type { phoneNumberCalls } from '../../shared/phoneNumbers/contract'
import type { HandlersFor } from '../core/handlerTable'
import type { PhoneNumberManagement } from './management'
import type { PhoneNumbersService } from './service'

export function createPhoneNumberHandlers(
  service: PhoneNumbersService,
  manage: PhoneNumberManagement,
): HandlersFor<keyof typeof phoneNumberCalls> {
  return {
    'phoneNumbers.query': ({ search, offset, limit }) => service.query(search, offset, limit),
    'phoneNumbers.health': ({ phoneNumberId, force }) => service.health(phoneNumberId, force),
    'phoneNumbers.sendTest': ({ phoneNumberId, to, body }) => service.sendTest(phoneNumberId, to, body),
    'phoneNumbers.count': async () => ({ cached: await service.count() }),
    'phoneNumbers.names': ({ phoneNumberId }) => manage.names(phoneNumberId),
    'phoneNumbers.rename': ({ phoneNumberId, name }) => manage.rename(phoneNumberId, name),
    'phoneNumbers.delete': ({ phoneNumberId, confirm }) => manage.delete(phoneNumberId, confirm),
    'phoneNumbers.requestDisplayName': ({ phoneNumberId, name }) =>
      manage.requestDisplayName(phoneNumberId, name),
    'phoneNumbers.displayNameRequest': ({ phoneNumberId, requestId }) =>
      manage.displayNameRequest(phoneNumberId, requestId),
  }
}
