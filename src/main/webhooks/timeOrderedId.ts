import { randomFillSync } from 'node:crypto'

let lastMs = 0
let sequence = 0
// Random bits come from a pool refilled 4 KiB at a time: one system call per ~400 ids, not one each.
const pool = Buffer.alloc(4096)
let poolOffset = pool.length

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter
 * within the millisecond, then random bits. Delivery ids are primary keys:
 * ids that grow with time land on the last page of the index, so a commit of
 * thirty deliveries writes a couple of pages instead of thirty random ones
 * (random v4 ids made the WAL write most of a receiver commit's cost).
 */
export function timeOrderedId(now: number = Date.now()): string {
  if (now <= lastMs) {
    sequence = (sequence + 1) & 0xfff
    if (sequence === 0) lastMs += 1 // 4,096 ids in one millisecond: borrow the next one
    now = lastMs
  } else {
    lastMs = now
    sequence = 0
  }
  if (poolOffset + 10 > pool.length) {
    randomFillSync(pool)
    poolOffset = 0
  }
  const bytes = Buffer.alloc(16)
  pool.copy(bytes, 6, poolOffset, poolOffset + 10)
  poolOffset += 10
  bytes.writeUIntBE(now, 0, 6)
  bytes[6] = 0x70 | (sequence >> 8)
  bytes[7] = sequence & 0xff
  bytes[8] = 0x80 | (bytes[8]! & 0x3f)
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
