import type { phoneNumberCalls } from '../../shared/phoneNumbers/contract'
import type { HandlersFor } from '../core/handlerTable'
import type { PhoneNumbersService } from './service'

export function createPhoneNumberHandlers(
  service: PhoneNumbersService,
): HandlersFor<keyof typeof phoneNumberCalls> {
  return {
    'phoneNumbers.query': ({ search, offset, limit }) => service.query(search, offset, limit),
    'phoneNumbers.health': ({ phoneNumberId, force }) => service.health(phoneNumberId, force),
    'phoneNumbers.sendTest': ({ phoneNumberId, to, body }) => service.sendTest(phoneNumberId, to, body),
    'phoneNumbers.count': async () => ({ cached: await service.count() }),
  }
}
