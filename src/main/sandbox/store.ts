import { OrderedList } from './orderedList'
import type {
  Customer,
  ExternalApiLog,
  SetupLinkRecord,
  WebhookDelivery,
  WhatsappPhoneNumber,
  WhatsappWebhook,
} from './types'

/** An append-only log entry with a sequence number; cursors point at the sequence, not a position. */
export interface Sequenced<T> {
  seq: number
  item: T
}

/**
 * The sandbox's whole state, in memory. Tests read it directly; handlers change
 * it only through the modules named for each resource.
 */
export class SandboxStore {
  readonly customers = new OrderedList<Customer>()
  /** Per customer, oldest → newest. */
  readonly setupLinksByCustomer = new Map<string, SetupLinkRecord[]>()
  readonly setupLinksById = new Map<string, SetupLinkRecord>()
  readonly setupLinksByToken = new Map<string, SetupLinkRecord>()
  readonly phoneNumbers = new OrderedList<WhatsappPhoneNumber>()
  readonly webhooks = new OrderedList<WhatsappWebhook>()
  readonly deliveries: Sequenced<WebhookDelivery>[] = []
  readonly deliveriesById = new Map<string, WebhookDelivery>()
  readonly apiLogs: Sequenced<ExternalApiLog>[] = []
  private seq = 0

  addSetupLink(record: SetupLinkRecord): void {
    let list = this.setupLinksByCustomer.get(record.customerId)
    if (!list) {
      list = []
      this.setupLinksByCustomer.set(record.customerId, list)
    }
    list.push(record)
    this.setupLinksById.set(record.link.id, record)
    this.setupLinksByToken.set(record.token, record)
  }

  setupLinksOf(customerId: string): SetupLinkRecord[] {
    return this.setupLinksByCustomer.get(customerId) ?? []
  }

  /** Deletes a customer and what hangs off it (LEGACY: "the customer and all associated data"). */
  removeCustomer(id: string): Customer | undefined {
    const customer = this.customers.remove(id)
    if (!customer) return undefined
    for (const record of this.setupLinksOf(id)) {
      this.setupLinksById.delete(record.link.id)
      this.setupLinksByToken.delete(record.token)
    }
    this.setupLinksByCustomer.delete(id)
    for (const number of this.phoneNumbers.items.filter((n) => n.customer_id === id)) {
      this.phoneNumbers.remove(number.id)
      for (const hook of this.webhooks.items.filter((w) => w.phone_number_id === number.phone_number_id)) {
        this.webhooks.remove(hook.id)
      }
    }
    return customer
  }

  addDelivery(delivery: WebhookDelivery): void {
    this.deliveries.push({ seq: ++this.seq, item: delivery })
    this.deliveriesById.set(delivery.id, delivery)
  }

  addApiLog(log: ExternalApiLog): void {
    this.apiLogs.push({ seq: ++this.seq, item: log })
  }
}
