import { randomBytes, randomInt, randomUUID } from 'node:crypto'

/** A source of identifiers: random at run time, seeded for the demo tenants so they are the same every start. */
export interface IdSource {
  uuid(): string
  /** Meta-style numeric id (phone_number_id, WABA id) of `length` digits, no leading zero. */
  digits(length: number): string
  token(): string
  int(maxExclusive: number): number
}

export const randomIds: IdSource = {
  uuid: () => randomUUID(),
  digits: (length) => {
    let s = String(randomInt(1, 10))
    while (s.length < length) s += String(randomInt(0, 10))
    return s
  },
  token: () => randomBytes(24).toString('base64url'),
  int: (max) => randomInt(0, max),
}

/** mulberry32: tiny, fast and good enough to make 100k demo rows look varied. */
export function seededIds(seed: number): IdSource {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  // Eight hex digits per draw: seeding 100k rows spends most of its time here.
  const hex8 = () => ((next() * 4294967296) >>> 0).toString(16).padStart(8, '0')
  return {
    // Version 4 / RFC 4122 variant bits set, so `format: uuid` validators accept them.
    uuid: () => {
      const a = hex8()
      const b = hex8()
      const c = hex8()
      const variant = '89ab'[(next() * 4) | 0]
      return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${variant}${c.slice(0, 3)}-${c.slice(3)}${hex8().slice(1)}`
    },
    digits: (length) => {
      let s = String(1 + ((next() * 9) | 0))
      while (s.length < length) s += String((next() * 10) | 0)
      return s
    },
    token: () => {
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
      let s = ''
      for (let i = 0; i < 32; i++) s += alphabet[(next() * 64) | 0]
      return s
    },
    int: (max) => (next() * max) | 0,
  }
}
