/**
 * An API key as people see it, in the API's listings and `flowcerta key list --json`: the
 * recognisable prefix, never the key or its hash; times as ISO 8601 (null when never).
 */
import { API_KEY_PREFIX } from '../domain/api-keys.js'
import type { Role } from '../domain/roles.js'
import type { ApiKeySummary } from '../store/api-keys.js'

export interface ApiKeyView {
  id: string
  /** `fc_` and the lookup prefix: the first characters of the key, to recognise it. */
  prefix: string
  name: string | null
  email: string
  role: Role
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

const isoTime = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())

export function viewApiKey(key: ApiKeySummary): ApiKeyView {
  return {
    id: key.id,
    prefix: `${API_KEY_PREFIX}${key.prefix}`,
    name: key.name,
    email: key.email,
    role: key.role,
    createdAt: new Date(key.createdAt).toISOString(),
    lastUsedAt: isoTime(key.lastUsedAt),
    revokedAt: isoTime(key.revokedAt),
  }
}
