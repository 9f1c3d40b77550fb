/**
 * Dashboard sessions: an API key exchanged (POST /api/v1/sessions) for a random token in an
 * HttpOnly, SameSite=Strict cookie, so the key never stays in the browser.
 *
 * - The token is 32 random bytes (base64url); only its SHA-256 is stored (store/sessions.ts).
 * - The CSRF token is derived from the session token (HMAC-SHA256 keyed by it), so it needs no
 *   column, is fixed for the session's life and unknown to anyone without the cookie. Writes with
 *   the cookie must echo it in `X-CSRF-Token`; it is compared in constant time.
 * - A session ends at its absolute expiry (FLOWCERTA_SESSION_HOURS), after SESSION_IDLE_MS without
 *   a request, at sign-out, or when its API key is revoked; the key's org and role are re-read on
 *   every request. Expired rows are refused, then deleted by the sweep that runs on each sign-in.
 * - `Secure` is set when FLOWCERTA_PUBLIC_URL is https or the request came over https.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { Clock } from '../../domain/clock.js'
import type { Role } from '../../domain/roles.js'
import { deleteSession, findSessionByTokenHash, SESSION_IDLE_MS, touchSession } from '../../store/sessions.js'
import type { Store } from '../../store/store.js'

export const SESSION_COOKIE = 'flowcerta_session'
export const CSRF_HEADER = 'x-csrf-token'
export { SESSION_IDLE_MS }

/** last_seen_at is written at most this often per session, to keep reads from becoming writes. */
const LAST_SEEN_RESOLUTION_MS = 60_000
/** Methods that change nothing, so need no CSRF token (as RFC 9110 calls them safe). */
export const CSRF_SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS'])
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/
const CSRF_LABEL = 'flowcerta csrf v1'

/** A new session token: 32 random bytes, base64url (43 characters). */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url')
}

/** What the store keeps of a token: its SHA-256, hex. */
export function sessionTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** The session's CSRF token: HMAC-SHA256 keyed by the session token, base64url. */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update(CSRF_LABEL).digest('base64url')
}

/** Constant-time comparison of the expected CSRF token with the header's value (digests: equal lengths). */
export function csrfMatches(expected: string, presented: string | string[] | undefined): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > 200) return false
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest()
  return timingSafeEqual(digest(expected), digest(presented))
}

/** The session token from a `Cookie` header, when it has the shape of one. */
export function readSessionCookie(header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue
    const value = part.slice(eq + 1).trim()
    if (TOKEN_PATTERN.test(value)) return value
  }
  return undefined
}

/** True when the cookie must be `Secure`: the public URL is https, or this request came over https. */
export function cookieIsSecure(publicUrl: string, request: FastifyRequest): boolean {
  return publicUrl.toLowerCase().startsWith('https:') || request.protocol === 'https'
}

/** The `Set-Cookie` value that starts a session (`maxAgeSeconds` ≥ 1) or clears it (0). */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  const attributes = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict']
  attributes.push(`Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`)
  if (secure) attributes.push('Secure')
  return attributes.join('; ')
}

/** A live session and who it acts for. */
export interface LiveSession {
  id: string
  token: string
  expiresAt: number
  orgId: string
  userId: string
  email: string
  role: Role
  keyId: string
}

/** Finds live sessions by cookie token, refusing (and deleting) expired ones. */
export class SessionAuthenticator {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The live session of this token, or null (unknown, expired, idle, or its key revoked). */
  async find(token: string): Promise<LiveSession | null> {
    const hash = sessionTokenHash(token)
    const found = await findSessionByTokenHash(this.store.db, hash)
    if (found === null) return null
    const now = this.clock.now()
    if (found.expiresAt <= now || now - found.lastSeenAt >= SESSION_IDLE_MS || found.keyRevokedAt !== null) {
      await deleteSession(this.store.db, found.id)
      return null
    }
    if (now - found.lastSeenAt >= LAST_SEEN_RESOLUTION_MS) await touchSession(this.store.db, found.id, now)
    return {
      id: found.id,
      token,
      expiresAt: found.expiresAt,
      orgId: found.orgId,
      userId: found.userId,
      email: found.email,
      role: found.role,
      keyId: found.apiKeyId,
    }
  }
}
