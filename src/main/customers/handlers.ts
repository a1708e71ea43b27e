import type { customerCalls } from '../../shared/customers/contract'
import type { HandlersFor } from '../core/handlerTable'
import type { CustomersService } from './service'

export function createCustomerHandlers(service: CustomersService): HandlersFor<keyof typeof customerCalls> {
  return {
    'customers.query': (input) => service.query(input),
    'customers.get': ({ id }) => service.get(id),
    'customers.refreshDetail': ({ id }) => service.refreshDetail(id),
    'customers.create': ({ customer }) => service.create(customer),
    'customers.update': ({ id, customer }) => service.update(id, customer),
    'customers.delete': ({ ids }) => service.remove(ids),
    'customers.syncStatus': () => service.status(),
    'customers.syncNow': () => service.syncNow(),
    'customers.cancelSync': () => service.cancelSync(),
    'customers.listOutbox': () => service.listOutbox(),
    'customers.retryWrite': ({ seq, payload }) => service.retryWrite(seq, payload),
    'customers.discardWrite': ({ seq }) => service.discardWrite(seq),
  }
}
