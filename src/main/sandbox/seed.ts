import type { SandboxContext } from './context'
import { type IdSource, seededIds } from './ids'
import { buildPhoneNumber } from './phoneNumbers'
import { insertSetupLink, SETUP_LINK_TTL_MS } from './setupLinks'
import type { Customer } from './types'
import { buildWebhook } from './webhooks'

const HOUR = 3_600_000
const DAY = 24 * HOUR

const FIRST = [
  'Acme',
  'Blue',
  'Cedar',
  'Delta',
  'Ember',
  'Fjord',
  'Granite',
  'Harbor',
  'Indigo',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Maple',
  'Nimbus',
  'Orchid',
  'Pioneer',
  'Quartz',
  'Redwood',
  'Summit',
  'Tidal',
  'Umber',
  'Vertex',
  'Willow',
  'Zenith',
]
const SECOND = [
  'Bakery',
  'Dental',
  'Logistics',
  'Motors',
  'Pharmacy',
  'Realty',
  'Travel',
  'Fitness',
  'Books',
  'Coffee',
  'Clinic',
  'Florist',
  'Hardware',
  'Insurance',
  'Legal',
  'Optics',
  'Pets',
  'Studio',
  'Telecom',
  'Tutoring',
]
const SUFFIX = ['', ' Inc', ' LLC', ' Co', ' Group', ' S.A.', ' Ltda', ' GmbH', ' & Sons', ' Ltd']
const CITIES = ['', '', ' Austin', ' Bogotá', ' Lisbon', ' Mumbai', ' Jakarta', ' Dubai', ' Lima', ' Porto']

/** A varied but deterministic name for generated tenant `i`. */
function demoName(i: number): string {
  const a = FIRST[i % FIRST.length]!
  const b = SECOND[Math.floor(i / FIRST.length) % SECOND.length]!
  const c = SUFFIX[Math.floor(i / 7) % SUFFIX.length]!
  const d = CITIES[Math.floor(i / 13) % CITIES.length]!
  return `${a} ${b}${d}${c}`
}

const usNumber = (ids: IdSource) => `1555${ids.digits(7)}`

/**
 * Deterministic demo data: a few hand-written tenants covering each onboarding
 * state (newest, so they top the list), then `generated` tenants spread over two
 * years. Rows are built in ascending time and bulk-loaded: no per-row search or sort.
 */
export function seedSandbox(ctx: SandboxContext, generated: number): void {
  const ids = seededIds(0x6b61_7073)
  const nowMs = ctx.now().getTime()
  const iso = (ms: number) => new Date(ms).toISOString()
  const span = 2 * 365 * DAY
  const start = nowMs - span - DAY
  const customers: Customer[] = []
  const numbers = []

  for (let i = 0; i < generated; i++) {
    const createdMs = start + Math.floor((span * i) / Math.max(1, generated))
    const at = iso(createdMs)
    const customer: Customer = {
      id: ids.uuid(),
      name: demoName(i),
      external_customer_id: i % 9 === 8 ? null : `ext-${String(i + 1).padStart(6, '0')}`,
      created_at: at,
      updated_at: at,
    }
    customers.push(customer)
    if (i % 4 === 0) {
      numbers.push(
        buildPhoneNumber(
          {
            customerId: customer.id,
            name: customer.name,
            digits: usNumber(ids),
            isCoexistence: i % 8 === 0,
            createdAt: iso(createdMs + HOUR),
            qualityRating: i % 40 === 0 ? 'YELLOW' : 'GREEN',
          },
          ids,
        ),
      )
    }
  }

  const realistic = [
    { name: 'Acme Corp', ext: 'cus_acme', state: 'connected' },
    { name: 'Globex Logistics', ext: 'cus_globex', state: 'pending' },
    { name: 'Initech Support', ext: 'cus_initech', state: 'expired' },
    { name: 'Umbrella Health', ext: null, state: 'never-invited' },
    { name: 'Stark Retail', ext: 'cus_stark', state: 'degraded' },
  ] as const
  const links: Array<() => void> = []
  realistic.forEach((r, k) => {
    const createdMs = nowMs - (realistic.length - k) * 6 * HOUR
    const at = iso(createdMs)
    const customer: Customer = {
      id: ids.uuid(),
      name: r.name,
      external_customer_id: r.ext,
      created_at: at,
      updated_at: at,
    }
    customers.push(customer)
    if (r.state === 'connected' || r.state === 'degraded') {
      const number = buildPhoneNumber(
        {
          customerId: customer.id,
          name: r.name,
          digits: r.state === 'connected' ? '15550100001' : '15550100002',
          isCoexistence: r.state === 'degraded',
          createdAt: iso(createdMs + HOUR),
          qualityRating: r.state === 'degraded' ? 'RED' : 'GREEN',
        },
        ids,
      )
      numbers.push(number)
      links.push(() => {
        const link = insertSetupLink(ctx, customer.id, { created_at: iso(createdMs + 10 * 60_000) }, ids).link
        link.status = 'used'
        link.whatsapp_setup_status = 'completed'
      })
    } else if (r.state === 'pending') {
      links.push(() => insertSetupLink(ctx, customer.id, { created_at: iso(createdMs + 60_000) }, ids))
    } else if (r.state === 'expired') {
      const linkMs = nowMs - SETUP_LINK_TTL_MS - 5 * DAY
      links.push(() => insertSetupLink(ctx, customer.id, { created_at: iso(linkMs) }, ids))
    }
  })

  ctx.store.customers.loadSorted(customers)
  numbers.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0))
  ctx.store.phoneNumbers.loadSorted(numbers)
  for (let i = 0; i < generated; i++) {
    const customer = customers[i]!
    const createdMs = Date.parse(customer.created_at)
    if (i % 5 === 1)
      insertSetupLink(ctx, customer.id, { created_at: iso(nowMs - (i % 20) * DAY - HOUR) }, ids)
    else if (i % 7 === 2) insertSetupLink(ctx, customer.id, { created_at: iso(createdMs + HOUR) }, ids)
  }
  for (const add of links) add()
  seedWebhooks(ctx, nowMs)
}

/** One project webhook and one number webhook, pointed at the sandbox's own sink so they always answer 200. */
function seedWebhooks(ctx: SandboxContext, nowMs: number): void {
  const sink = `${ctx.baseUrl()}/sandbox/webhook-sink`
  const acme = ctx.store.phoneNumbers.items.find((n) => n.display_phone_number_normalized === '15550100001')
  const at = new Date(nowMs - 20 * HOUR).toISOString()
  ctx.store.webhooks.insert(
    buildWebhook(
      ctx,
      null,
      {
        url: sink,
        events: ['whatsapp.phone_number.created', 'whatsapp.phone_number.deleted'],
        secret_key: 'sandbox-project-webhook-secret',
      },
      at,
    ),
  )
  if (acme) {
    ctx.store.webhooks.insert(
      buildWebhook(
        ctx,
        acme.phone_number_id,
        {
          url: sink,
          events: ['whatsapp.message.received', 'whatsapp.message.delivered'],
          secret_key: 'sandbox-number-webhook-secret',
        },
        at,
      ),
    )
  }
}
