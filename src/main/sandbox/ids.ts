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
  const hex = (n: number) => {
    let s = ''
    for (let i = 0; i < n; i++) s += ((next() * 16) | 0).toString(16)
    return s
  }
  return {
    // Version 4 / RFC 4122 variant bits set, so `format: uuid` validators accept them.
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[(next() * 4) | 0]}${hex(3)}-${hex(12)}`,
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
