import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decryptSecret, encryptSecret, SecretBoxError } from './secret-box.js'
import { generateWebhookSecret, webhookSecretPreview } from './webhook-secret.js'

describe('secret box (AES-256-GCM under the master key)', () => {
  const key = randomBytes(32)

  it('round-trips, with a fresh nonce every time and no plain bytes in the sealed form', () => {
    const secret = generateWebhookSecret()
    const a = encryptSecret(key, secret, 'webhook-1')
    const b = encryptSecret(key, secret, 'webhook-1')
    expect(a).not.toBe(b)
    expect(a).not.toContain(secret.slice(6, 20))
    expect(decryptSecret(key, a, 'webhook-1')).toBe(secret)
  })

  it('refuses another master key, another record and tampered bytes', () => {
    const sealed = encryptSecret(key, 'whsec_x', 'webhook-1')
    expect(() => decryptSecret(randomBytes(32), sealed, 'webhook-1')).toThrow(SecretBoxError)
    expect(() => decryptSecret(key, sealed, 'webhook-2')).toThrow(SecretBoxError)
    const parts = sealed.split('.')
    const body = Buffer.from(parts[3] ?? '', 'base64')
    body[0] = (body[0] ?? 0) ^ 1
    parts[3] = body.toString('base64')
    expect(() => decryptSecret(key, parts.join('.'), 'webhook-1')).toThrow(SecretBoxError)
    expect(() => decryptSecret(key, 'v0.a.b.c', 'webhook-1')).toThrow(SecretBoxError)
  })

  it('secrets are whsec_ + base64 of 32 bytes; the preview shows 8 characters of them', () => {
    const secret = generateWebhookSecret()
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32)
    const preview = webhookSecretPreview(secret)
    expect(preview).toBe(`whsec_${secret.slice(6, 10)}…${secret.slice(-4)}`)
  })
})
