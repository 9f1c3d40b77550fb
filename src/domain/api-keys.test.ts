import { describe, expect, it } from 'vitest'
import {
  apiKeyLookupPrefix,
  apiKeyMatchesHash,
  generateApiKey,
  hashApiKey,
  looksLikeApiKey,
} from './api-keys.js'

describe('api keys', () => {
  it('generates fc_ + 43 base62 characters, unique each time', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey().apiKey))
    expect(keys.size).toBe(200)
    for (const key of keys) {
      expect(key).toMatch(/^fc_[0-9A-Za-z]{43}$/)
      expect(looksLikeApiKey(key)).toBe(true)
    }
  })

  it('stores a prefix and a hash that are not the key', () => {
    const { apiKey, prefix, hash } = generateApiKey()
    expect(prefix).toBe(apiKeyLookupPrefix(apiKey))
    expect(prefix).toHaveLength(12)
    expect(apiKey.startsWith(`fc_${prefix}`)).toBe(true)
    expect(hash).toBe(hashApiKey(apiKey))
    expect(hash).not.toContain(apiKey.slice(3))
  })

  it('matches only the exact key', () => {
    const { apiKey, hash } = generateApiKey()
    expect(apiKeyMatchesHash(apiKey, hash)).toBe(true)
    expect(apiKeyMatchesHash(`${apiKey}x`, hash)).toBe(false)
    expect(apiKeyMatchesHash(apiKey.slice(0, -1), hash)).toBe(false)
    expect(apiKeyMatchesHash(apiKey, 'not-hex')).toBe(false)
  })

  it('rejects text that is not shaped like a key', () => {
    for (const text of ['', 'fc_', 'fc_short', `xx_${'a'.repeat(43)}`, `fc_${'a'.repeat(42)}!`]) {
      expect(looksLikeApiKey(text)).toBe(false)
    }
  })
})
