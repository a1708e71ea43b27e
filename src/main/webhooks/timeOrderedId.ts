import { randomFillSync } from 'node:crypto'

/**
 * Makes UUIDv7s (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter
 * within the millisecond, then random bits. Delivery ids are primary keys:
 * ids that grow with time land on the last page of the index, so a commit of
 * thirty deliveries writes a couple of pages instead of thirty random ones
 * (random v4 ids made the WAL write most of a receiver commit's cost).
 *
 * Each generator owns its clock and its "last millisecond": ids from one
 * generator never go backwards even when its clock does, and two generators
 * (two tests, two stores) never share that state.
 */
export function createTimeOrderedIds(clock: () => number = Date.now): () => string {
  let lastMs = 0
  let sequence = 0
  // Random bits come from a pool refilled 4 KiB at a time: one system call per ~400 ids, not one each.
  const pool = Buffer.alloc(4096)
  let poolOffset = pool.length

  return () => {
    let now = Math.floor(clock())
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
}
