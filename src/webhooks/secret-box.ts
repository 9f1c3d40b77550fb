/**
 * Secrets at rest: AES-256-GCM under the master key (FLOWCERTA_SECRET_KEY / <data dir>/secret.key).
 * Stored form: `v1.<base64 nonce>.<base64 tag>.<base64 ciphertext>`; the version lets a later key
 * or algorithm be told apart. The record id is bound as additional data, so a ciphertext copied
 * into another row does not decrypt there.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

const VERSION = 'v1'
const NONCE_BYTES = 12
const TAG_BYTES = 16

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SecretBoxError'
  }
}

function checkKey(masterKey: Buffer): void {
  if (masterKey.length !== 32) throw new SecretBoxError('the master key must be 32 bytes')
}

/** Encrypts `plaintext` for the record `context` (e.g. the webhook id). A fresh nonce every call. */
export function encryptSecret(masterKey: Buffer, plaintext: string, context: string): string {
  checkKey(masterKey)
  const nonce = randomBytes(NONCE_BYTES)
  const cipher = createCipheriv('aes-256-gcm', masterKey, nonce, { authTagLength: TAG_BYTES })
  cipher.setAAD(Buffer.from(context, 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  const tag = cipher.getAuthTag()
  return [VERSION, nonce.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join('.')
}

/** Decrypts what encryptSecret made for the same `context`; throws SecretBoxError otherwise. */
export function decryptSecret(masterKey: Buffer, stored: string, context: string): string {
  checkKey(masterKey)
  const parts = stored.split('.')
  if (parts.length !== 4 || parts[0] !== VERSION)
    throw new SecretBoxError('not a sealed secret of a known version')
  const nonce = Buffer.from(parts[1] ?? '', 'base64')
  const tag = Buffer.from(parts[2] ?? '', 'base64')
  const ciphertext = Buffer.from(parts[3] ?? '', 'base64')
  if (nonce.length !== NONCE_BYTES || tag.length !== TAG_BYTES)
    throw new SecretBoxError('malformed sealed secret')
  try {
    const decipher = createDecipheriv('aes-256-gcm', masterKey, nonce, { authTagLength: TAG_BYTES })
    decipher.setAAD(Buffer.from(context, 'utf8'))
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8')
  } catch {
    // Wrong master key, wrong record, or tampered bytes: GCM cannot tell which, and neither do we.
    throw new SecretBoxError('the sealed secret does not open with this master key for this record')
  }
}
