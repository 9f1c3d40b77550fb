/**
 * Issuing API keys: used by the API (`POST /api/v1/api-keys`), the CLI (`key create`,
 * `org create`) and the first-run bootstrap, so there is one way to do it. The key is returned
 * once; only its hash and lookup prefix are stored.
 */
import type { Kysely } from 'kysely'
import { generateApiKey } from '../domain/api-keys.js'
import { AppError } from '../domain/errors/app-error.js'
import { newId } from '../domain/ids.js'
import type { Role } from '../domain/roles.js'
import { insertApiKey } from '../store/api-keys.js'
import type { Database } from '../store/database.js'
import { findOrCreateUser } from '../store/users.js'

export interface IssuedApiKey {
  id: string
  /** The whole key. Shown to the caller once, never stored, never logged. */
  apiKey: string
  prefix: string
  name: string | null
  userId: string
  email: string
  role: Role
  createdAt: number
}

export interface IssueApiKeyInput {
  orgId: string
  email: string
  role: Role
  name?: string | null
  at: number
}

/**
 * Creates the user if the email is new to the org, then a key for them. Call inside a
 * transaction when it must commit together with something else (an org, an audit entry).
 * An existing user keeps their role: asking for another role is a conflict, not a silent change.
 */
export async function issueApiKey(db: Kysely<Database>, input: IssueApiKeyInput): Promise<IssuedApiKey> {
  const email = input.email.trim().toLowerCase()
  const user = await findOrCreateUser(db, input.orgId, email, input.role, input.at)
  if (user.role !== input.role) {
    throw new AppError('USER_ROLE_CONFLICT', {
      message: `${email} is already a ${user.role} of this org; keys carry their user's role.`,
      details: [
        { field: 'body.role', reason: `must be ${user.role}, the role the user has`, currentRole: user.role },
      ],
    })
  }
  const { apiKey, prefix, hash } = generateApiKey()
  const id = newId()
  const name = input.name ?? null
  await insertApiKey(db, {
    id,
    orgId: input.orgId,
    userId: user.id,
    name,
    prefix,
    keyHash: hash,
    createdAt: input.at,
  })
  return { id, apiKey, prefix, name, userId: user.id, email, role: user.role, createdAt: input.at }
}
