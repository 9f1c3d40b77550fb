/**
 * Authentication and role checks. Every route declares `config.access`: 'public', 'member' (any
 * authenticated user) or 'admin'. A route without it fails at start-up, so nothing is left open
 * by omission. Keys arrive as `Authorization: Bearer fc_…`, are found by their lookup prefix and
 * compared by hash in constant time.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { apiKeyLookupPrefix, apiKeyMatchesHash, looksLikeApiKey } from '../../domain/api-keys.js'
import type { Clock } from '../../domain/clock.js'
import { AppError } from '../../domain/errors/app-error.js'
import type { Role } from '../../domain/roles.js'
import { findApiKeyByPrefix, touchApiKeyLastUsed } from '../../store/api-keys.js'
import type { Store } from '../../store/store.js'
import type { AuthFailureLimiter } from './auth-failure-limiter.js'

export type RouteAccess = 'public' | 'member' | 'admin'

/** Who is calling: set on every request to a non-public route. */
export interface AuthContext {
  orgId: string
  userId: string
  email: string
  role: Role
  keyId: string
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess
  }
  interface FastifyRequest {
    auth: AuthContext | null
  }
}

/** last_used_at is written at most this often per key, to keep reads from becoming writes. */
const LAST_USED_RESOLUTION_MS = 60_000

/** The caller of an authenticated route (throws if used on a public one, which is a bug). */
export function requireAuth(request: FastifyRequest): AuthContext {
  if (request.auth === null) throw new Error('requireAuth called on a route without authentication')
  return request.auth
}

export function installAuth(
  app: FastifyInstance,
  deps: { store: Store; clock: Clock; limiter: AuthFailureLimiter },
): void {
  app.decorateRequest('auth', null)

  app.addHook('onRoute', (route) => {
    const access = route.config?.access
    if (access !== 'public' && access !== 'member' && access !== 'admin') {
      throw new Error(`route ${route.method} ${route.url} must declare config.access`)
    }
  })

  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access
    if (access === undefined || access === 'public') return

    const address = request.ip
    const retryAfter = deps.limiter.retryAfterSeconds(address)
    if (retryAfter > 0) {
      reply.header('retry-after', String(retryAfter))
      throw new AppError('RATE_LIMITED')
    }

    const header = request.headers.authorization
    if (header === undefined || header.trim() === '') {
      deps.limiter.recordFailure(address)
      throw new AppError('AUTH_REQUIRED')
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    const presented = match?.[1]
    const found =
      presented !== undefined && looksLikeApiKey(presented)
        ? await findApiKeyByPrefix(deps.store.db, apiKeyLookupPrefix(presented))
        : null
    if (
      presented === undefined ||
      found === null ||
      found.revokedAt !== null ||
      !apiKeyMatchesHash(presented, found.keyHash)
    ) {
      deps.limiter.recordFailure(address)
      throw new AppError('AUTH_INVALID')
    }

    request.auth = {
      orgId: found.orgId,
      userId: found.userId,
      email: found.email,
      role: found.role,
      keyId: found.id,
    }
    if (access === 'admin' && found.role !== 'admin') throw new AppError('FORBIDDEN_ROLE')

    const now = deps.clock.now()
    if (found.lastUsedAt === null || now - found.lastUsedAt >= LAST_USED_RESOLUTION_MS) {
      await touchApiKeyLastUsed(deps.store.db, found.id, now)
    }
  })
}
