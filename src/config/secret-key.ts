/**
 * The master key for secrets at rest (webhook secrets are encrypted under it with AES-256-GCM).
 * Given by FLOWCERTA_SECRET_KEY (32 bytes as base64 or hex). On the embedded SQLite default it is
 * generated once into `<data dir>/secret.key` (mode 0600, folder 0700) so `npm start` needs no set-up; on
 * PostgreSQL every process must share one key, so there it must be given explicitly.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { type Config, ConfigError, isPostgresUrl } from './config.js'
import { writePrivateFile } from './private-files.js'

export const SECRET_KEY_FILE = 'secret.key'
const KEY_BYTES = 32

/** Decodes a 32-byte key written as hex (64 chars) or base64/base64url (43–44 chars). */
export function decodeSecretKey(raw: string, variable: string): Buffer {
  const text = raw.trim()
  let key: Buffer | undefined
  if (/^[0-9a-fA-F]{64}$/.test(text)) key = Buffer.from(text, 'hex')
  else if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(text)) key = Buffer.from(text, 'base64')
  if (key === undefined || key.length !== KEY_BYTES) {
    throw new ConfigError(variable, 'must be 32 random bytes written as 64 hex characters or base64')
  }
  return key
}

/** Returns the master key, generating and saving one for the embedded default on first start. */
export function resolveSecretKey(config: Config): Buffer {
  if (config.secretKey !== undefined) return decodeSecretKey(config.secretKey, 'FLOWCERTA_SECRET_KEY')
  if (isPostgresUrl(config.databaseUrl)) {
    throw new ConfigError(
      'FLOWCERTA_SECRET_KEY',
      'is required with PostgreSQL so that every process shares one key (generate one with: openssl rand -base64 32)',
    )
  }
  const file = path.join(config.dataDir, SECRET_KEY_FILE)
  try {
    return decodeSecretKey(fs.readFileSync(file, 'utf8'), file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const key = randomBytes(KEY_BYTES)
  try {
    // Fails with EEXIST if another process created it in the meantime; then we read theirs.
    writePrivateFile(file, `${key.toString('base64')}\n`)
    return key
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return decodeSecretKey(fs.readFileSync(file, 'utf8'), file)
  }
}
