/**
 * Identifiers. Every id Flowcerta issues is a UUID v7 (time-ordered), as in the spec's payloads,
 * so ids sort by creation time and index well.
 */
import { randomFillSync } from 'node:crypto'
import { validate as uuidValidate, v7 as uuidv7 } from 'uuid'

/**
 * Random bytes for ids, filled 4 KiB at a time: `uuid` asks `crypto.getRandomValues` for 16 bytes
 * per id, which made an id cost ~8 µs — several per webhook delivery (the fan-out's row, the
 * attempt's log entry), a visible share of the delivery engine's CPU. The bytes are the same
 * CSPRNG's, each used once.
 */
const POOL_BYTES = 16 * 256
const pool = new Uint8Array(POOL_BYTES)
let poolOffset = POOL_BYTES

/**
 * The monotonic state `uuid` keeps for its own v7 (it keeps none when given the random bytes):
 * within one millisecond the 31-bit counter after the timestamp counts up from a random start, so
 * ids made in one process keep sorting in creation order.
 */
let lastMsecs = Number.NEGATIVE_INFINITY
let seq = 0

/** A new time-ordered UUID (v7). */
export function newId(): string {
  if (poolOffset >= POOL_BYTES) {
    randomFillSync(pool)
    poolOffset = 0
  }
  const random = pool.subarray(poolOffset, poolOffset + 16)
  poolOffset += 16
  const now = Date.now()
  if (now > lastMsecs) {
    // uuid's v7Sequence: 31 random bits.
    seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!
    lastMsecs = now
  } else {
    seq = (seq + 1) | 0
    if (seq === 0) lastMsecs++
  }
  return uuidv7({ random, msecs: lastMsecs, seq })
}

/** True when `value` is a syntactically valid UUID (any version). */
export function isUuid(value: string): boolean {
  return uuidValidate(value)
}
