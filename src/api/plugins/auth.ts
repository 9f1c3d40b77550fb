/**
 * Authentication and role checks. Every route declares `config.access`: 'public', 'member' (any
 * authenticated user) or 'admin'. A route without it fails at start-up, so nothing is left open
 * by omission. Keys arrive as `Authorization: Bearer fc_…`, are found by their lookup prefix and
 * compared by hash in constant time. Without an Authorization header, the dashboard's session
 * cookie is accepted instead (plugins/session.ts); its writes must then carry the session's
 * `X-CSRF-Token`. The header wins when both are sent.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { apiKeyLookupPrefix, apiKeyMatchesHash, looksLikeApiKey } from '../../domain/api-keys.js'
import type { Clock } from '../../domain/clock.js'
import { AppError } from '../../domain/errors/app-error.js'
import type { Role } from '../../domain/roles.js'
import { type ApiKeyWithUser, findApiKeyByPrefix, touchApiKeyLastUsed } from '../../store/api-keys.js'
import type { Store } from '../../store/store.js'
import type { AuthFailureLimiter } from './auth-failure-limiter.js'
import {
  CSRF_HEADER,
  CSRF_SAFE_METHODS,
  cookieIsSecure,
  csrfMatches,
  csrfTokenFor,
  type LiveSession,
  readSessionCookie,
  type SessionAuthenticator,
  sessionCookie,
} from './session.js'

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
    /** The dashboard session the request came with (cookie), or null (Bearer key, public route). */
    session: LiveSession | null
  }
}

/** last_used_at is written at most this often per key, to keep reads from becoming writes. */
const LAST_USED_RESOLUTION_MS = 60_000

/** The caller of an authenticated route (throws if used on a public one, which is a bug). */
export function requireAuth(request: FastifyRequest): AuthContext {
  if (request.auth === null) throw new Error('requireAuth called on a route without authentication')
  return request.auth
}

/**
 * The key `presented` stands for, when it is a well-formed, known, unrevoked key whose hash
 * matches (constant time); null otherwise. Marks the key used (at most once a minute).
 */
export async function authenticateApiKey(
  deps: { store: Store; clock: Clock },
  presented: string,
): Promise<ApiKeyWithUser | null> {
  const found = looksLikeApiKey(presented)
    ? await findApiKeyByPrefix(deps.store.db, apiKeyLookupPrefix(presented))
    : null
  if (found === null || found.revokedAt !== null || !apiKeyMatchesHash(presented, found.keyHash)) return null
  const now = deps.clock.now()
  if (found.lastUsedAt === null || now - found.lastUsedAt >= LAST_USED_RESOLUTION_MS) {
    await touchApiKeyLastUsed(deps.store.db, found.id, now)
  }
  return found
}

export function installAuth(
  app: FastifyInstance,
  deps: {
    store: Store
    clock: Clock
    limiter: AuthFailureLimiter
    sessions: SessionAuthenticator
    /** FLOWCERTA_PUBLIC_URL: decides the `Secure` attribute of the cookie cleared on a dead session. */
    publicUrl: string
  },
): void {
  app.decorateRequest('auth', null)
  app.decorateRequest('session', null)

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
    deps.limiter.refuseIfBlocked(address)

    const header = request.headers.authorization
    if (header === undefined || header.trim() === '') {
      const token = readSessionCookie(request.headers.cookie)
      if (token === undefined) {
        deps.limiter.recordFailure(address)
        throw new AppError('AUTH_REQUIRED')
      }
      // Not counted as a failure: a 256-bit token cannot be guessed, and a dashboard whose
      // session just ended should not lock its address out with its parallel requests.
      const session = await deps.sessions.find(token)
      if (session === null) {
        reply.header('set-cookie', sessionCookie('', 0, cookieIsSecure(deps.publicUrl, request)))
        throw new AppError('AUTH_REQUIRED', {
          message: 'The session is unknown or has ended; sign in again.',
          details: [{ field: 'cookie.flowcerta_session', reason: 'is unknown, expired or signed out' }],
        })
      }
      request.session = session
      request.auth = {
        orgId: session.orgId,
        userId: session.userId,
        email: session.email,
        role: session.role,
        keyId: session.keyId,
      }
      if (
        !CSRF_SAFE_METHODS.has(request.method) &&
        !csrfMatches(csrfTokenFor(token), request.headers[CSRF_HEADER])
      ) {
        throw new AppError('CSRF_INVALID', {
          details: [{ field: `headers.${CSRF_HEADER}`, reason: "is missing or not this session's token" }],
        })
      }
      if (access === 'admin' && session.role !== 'admin') throw new AppError('FORBIDDEN_ROLE')
      return
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    const presented = match?.[1]
    const found = presented === undefined ? null : await authenticateApiKey(deps, presented)
    if (found === null) {
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
  })
}
