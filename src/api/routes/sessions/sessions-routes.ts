/**
 * Dashboard sign-in and sign-out (plugins/session.ts has the design):
 * - `POST /api/v1/sessions` `{apiKey}` → 201 `{csrfToken, expiresAt, me}` + the session cookie; a bad
 *   key is a 401 AUTH_INVALID counted by the auth-failure limiter, like a bad Bearer key;
 * - `GET /api/v1/sessions/current` → the same body for the cookie's session;
 * - `DELETE /api/v1/sessions/current` (with X-CSRF-Token) → 204: the row is deleted, the cookie cleared.
 *
 * Sign-in and sign-out are not audit-log entries: the audit log records actions that change the
 * org (keys, settings, decisions, webhooks), and a sign-in changes nothing a Bearer request could
 * not; logging every dashboard visit would bury those entries in its hash chain. The key's
 * `lastUsedAt` shows its use, and the request log has each sign-in (without the key).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Clock } from '../../../domain/clock.js'
import { AppError } from '../../../domain/errors/app-error.js'
import { deleteExpiredSessions, deleteSession, insertSession } from '../../../store/sessions.js'
import type { Store } from '../../../store/store.js'
import { type AuthContext, authenticateApiKey, requireAuth } from '../../plugins/auth.js'
import type { AuthFailureLimiter } from '../../plugins/auth-failure-limiter.js'
import {
  cookieIsSecure,
  csrfTokenFor,
  type LiveSession,
  newSessionToken,
  SESSION_IDLE_MS,
  sessionCookie,
  sessionTokenHash,
} from '../../plugins/session.js'
import { errorResponses } from '../../schemas/common-schemas.js'
import { meBody, meSchema } from '../me/me-routes.js'

export interface SessionsRouteDeps {
  store: Store
  clock: Clock
  limiter: AuthFailureLimiter
  publicUrl: string
  /** FLOWCERTA_SESSION_HOURS: a session's absolute lifetime. */
  sessionHours: number
}

const [exampleMe] = meSchema.examples

export const sessionSchema = {
  description: 'The session: its CSRF token, when it ends, and who it acts for.',
  type: 'object',
  required: ['csrfToken', 'expiresAt', 'me'],
  properties: {
    csrfToken: {
      type: 'string',
      description:
        'Send it as `X-CSRF-Token` on every request with the cookie that is not GET, HEAD or OPTIONS.',
    },
    expiresAt: {
      type: 'string',
      format: 'date-time',
      description: `The absolute end of the session; it also ends after ${SESSION_IDLE_MS / 3_600_000} hours without a request.`,
    },
    me: meSchema,
  },
  examples: [
    {
      csrfToken: 'nq3CzQ0m0b4xq2o3Xv0wYQ2t8hN5Rk9F1dC6aJvLp4E',
      expiresAt: '2026-05-16T06:00:00.000Z',
      me: exampleMe,
    },
  ],
} as const

/** The session that authenticated this request; a Bearer request has none. */
function currentSession(request: FastifyRequest): LiveSession {
  if (request.session === null) {
    throw new AppError('AUTH_REQUIRED', {
      message: 'This route is about the dashboard session: send its cookie (a Bearer key has no session).',
    })
  }
  return request.session
}

async function sessionBody(store: Store, token: string, expiresAt: number, auth: AuthContext) {
  return {
    csrfToken: csrfTokenFor(token),
    expiresAt: new Date(expiresAt).toISOString(),
    me: await meBody(store, auth),
  }
}

export async function sessionsRoutes(app: FastifyInstance, deps: SessionsRouteDeps): Promise<void> {
  const lifetimeMs = deps.sessionHours * 3_600_000
  const secure = (request: FastifyRequest) => cookieIsSecure(deps.publicUrl, request)

  app.post<{ Body: { apiKey: string } }>(
    '/api/v1/sessions',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Sign in to the dashboard: exchange an API key for a session cookie.',
        description:
          'Sets `flowcerta_session` (HttpOnly, SameSite=Strict, Path=/, Secure over https). The key is ' +
          'not kept in the browser; the session acts with its org and role until it expires, is signed ' +
          'out, or the key is revoked. A bad key counts as a failed authentication (429 after too many).',
        tags: ['auth'],
        security: [],
        body: {
          type: 'object',
          required: ['apiKey'],
          additionalProperties: false,
          properties: { apiKey: { type: 'string', minLength: 1, maxLength: 200 } },
        },
        response: { 201: sessionSchema, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const address = request.ip
      deps.limiter.refuseIfBlocked(address)
      const key = await authenticateApiKey(deps, request.body.apiKey.trim())
      if (key === null) {
        deps.limiter.recordFailure(address)
        throw new AppError('AUTH_INVALID')
      }
      const now = deps.clock.now()
      const token = newSessionToken()
      const expiresAt = now + lifetimeMs
      // The sweep: sign-ins are rare next to requests, so ended sessions go here.
      await deleteExpiredSessions(deps.store.db, { now, idleSince: now - SESSION_IDLE_MS })
      await insertSession(deps.store.db, {
        tokenHash: sessionTokenHash(token),
        orgId: key.orgId,
        apiKeyId: key.id,
        createdAt: now,
        expiresAt,
      })
      request.log.info({ keyId: key.id, orgId: key.orgId }, 'dashboard session started')
      const auth = { orgId: key.orgId, userId: key.userId, email: key.email, role: key.role, keyId: key.id }
      reply.header('set-cookie', sessionCookie(token, lifetimeMs / 1000, secure(request)))
      return reply.status(201).send(await sessionBody(deps.store, token, expiresAt, auth))
    },
  )

  app.get(
    '/api/v1/sessions/current',
    {
      config: { access: 'member' },
      schema: {
        summary: "The dashboard session of the request's cookie, with its CSRF token.",
        tags: ['auth'],
        response: { 200: sessionSchema, ...errorResponses(401, 429) },
      },
    },
    async (request) => {
      const session = currentSession(request)
      return sessionBody(deps.store, session.token, session.expiresAt, requireAuth(request))
    },
  )

  app.delete(
    '/api/v1/sessions/current',
    {
      config: { access: 'member' },
      schema: {
        summary: 'Sign out: end the session on the server and clear its cookie (needs X-CSRF-Token).',
        tags: ['auth'],
        response: {
          204: { description: 'The session is deleted; the cookie is cleared.', type: 'null' },
          ...errorResponses(401, 403, 429),
        },
      },
    },
    async (request, reply: FastifyReply) => {
      const session = currentSession(request)
      await deleteSession(deps.store.db, session.id)
      request.log.info({ keyId: session.keyId, orgId: session.orgId }, 'dashboard session ended')
      reply.header('set-cookie', sessionCookie('', 0, secure(request)))
      return reply.status(204).send()
    },
  )
}
