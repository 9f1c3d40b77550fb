/**
 * API key format and hashing. A key is `fc_` + base62 of 32 random bytes. Only its SHA-256 hash
 * and a short lookup prefix are stored; the key itself is shown once, at creation.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export const API_KEY_PREFIX = 'fc_'
/** Characters after `fc_` kept in clear as the lookup prefix (62^12 ≈ 3·10^21 values). */
export const API_KEY_LOOKUP_LENGTH = 12
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const KEY_PATTERN = /^fc_[0-9A-Za-z]{40,64}$/

function toBase62(bytes: Buffer): string {
  let value = BigInt(`0x${bytes.toString('hex')}`)
  let out = ''
  while (value > 0n) {
    out = BASE62[Number(value % 62n)] + out
    value /= 62n
  }
  // Left-pad so every key has the same length (43 characters encode 32 bytes).
  return out.padStart(43, '0')
}

export interface GeneratedApiKey {
  /** The whole key; shown once and never stored. */
  apiKey: string
  prefix: string
  hash: string
}

export function generateApiKey(): GeneratedApiKey {
  const apiKey = API_KEY_PREFIX + toBase62(randomBytes(32))
  return { apiKey, prefix: apiKeyLookupPrefix(apiKey), hash: hashApiKey(apiKey) }
}

/** True when the text has the shape of a Flowcerta key (says nothing about whether it exists). */
export function looksLikeApiKey(text: string): boolean {
  return KEY_PATTERN.test(text)
}

export function apiKeyLookupPrefix(apiKey: string): string {
  return apiKey.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + API_KEY_LOOKUP_LENGTH)
}

export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex')
}

/** Compares a presented key with a stored hash in constant time. */
export function apiKeyMatchesHash(apiKey: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKey(apiKey), 'hex')
  const stored = Buffer.from(storedHash, 'hex')
  return presented.length === stored.length && timingSafeEqual(presented, stored)
}
