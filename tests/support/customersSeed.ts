import { CustomerStore } from '../../src/main/customers/customerStore'
import { type Database, transaction } from '../../src/main/store/database'
import type { WhatsappPhoneNumber } from '../../src/shared/kapso/phoneNumber'

const first = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Stark',
  'Wayne',
  'Tyrell',
  'Soylent',
  'Cyberdyne',
  'Vandelay',
  'Wonka',
  'Oscorp',
  'Pied Piper',
  'Aperture',
  'Massive',
  'Dunder',
  'Prestige',
  'Monarch',
  'Nakatomi',
]
const second = [
  'Bakery',
  'Logistics',
  'Dental',
  'Motors',
  'Travel',
  'Fitness',
  'Pharmacy',
  'Studio',
  'Foods',
  'Clinic',
  'Legal',
  'Realty',
  'Garden',
  'Books',
  'Coffee',
  'Hardware',
  'Optics',
  'Salon',
  'Pets',
  'Tailors',
]
const cities = ['Lima', 'Austin', 'Porto', 'Delhi', 'Lagos', 'Osaka', 'Quito', 'Leeds', 'Cebu', 'Turin']

/** Deterministic pseudo-random (mulberry32), so every bench run searches the same data. */
function rng(seed: number) {
  let a = seed
  return () => {
    a |= 0
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function uuid(r: () => number): string {
  const hex = () => Math.floor(r() * 16).toString(16)
  const part = (n: number) => Array.from({ length: n }, hex).join('')
  return `${part(8)}-${part(4)}-4${part(3)}-a${part(3)}-${part(12)}`
}

/** Fills the cache with `count` customers, about a third with a connected number. */
export function seedCustomerCache(db: Database, count: number, nowIso = new Date().toISOString()): void {
  const r = rng(42)
  const store = CustomerStore.for(db)
  const base = Date.parse('2024-01-01T00:00:00Z')
  for (let start = 0; start < count; start += 5000) {
    transaction(db, () => {
      const numbers: WhatsappPhoneNumber[] = []
      for (let i = start; i < Math.min(count, start + 5000); i++) {
        const id = uuid(r)
        const at = new Date(base + i * 60_000).toISOString()
        const name = `${first[Math.floor(r() * first.length)]} ${second[Math.floor(r() * second.length)]} ${cities[Math.floor(r() * cities.length)]} ${i}`
        store.storeCustomer(
          {
            id,
            name,
            external_customer_id: r() < 0.7 ? `cus_${(100000 + i).toString(36)}` : null,
            created_at: at,
            updated_at: at,
          },
          1,
          nowIso,
        )
        if (r() < 0.33) {
          const digits = `1555${String(1000000 + i).slice(-7)}`
          numbers.push({
            id: `10${i}`,
            internal_id: uuid(r),
            phone_number_id: `10${i}`,
            name: 'Support',
            customer_id: id,
            display_phone_number: `+1 555-${digits.slice(4, 7)}-${digits.slice(7)}`,
            display_phone_number_normalized: digits,
            created_at: at,
            updated_at: at,
          })
        }
      }
      for (const n of numbers) {
        db.prepare(
          `INSERT INTO customer_phone_numbers (phone_number_id, customer_id, name, display_phone_number,
            display_phone_number_normalized, created_at, updated_at, seen_pass) VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
        ).run(
          n.phone_number_id,
          n.customer_id!,
          n.name!,
          n.display_phone_number!,
          n.display_phone_number_normalized!,
          n.created_at!,
          n.updated_at!,
        )
      }
      store.refreshPhones(
        numbers.map((n) => n.customer_id!),
        nowIso,
      )
    })
  }
}
