/**
 * The signed-in session as the dashboard knows it: who (GET /api/v1/me's body) and the CSRF token.
 * Held in memory only; a reload asks the server again (GET /api/v1/sessions/current).
 */
import { useEffect, useState } from 'preact/hooks'
import { ApiError, apiRequest, setCsrfToken } from './api-client'

export interface Me {
  orgId: string
  orgName: string
  userId: string
  email: string
  role: 'admin' | 'member'
  keyId: string
}

export interface SessionBody {
  csrfToken: string
  expiresAt: string
  me: Me
}

let current: SessionBody | null = null
const listeners = new Set<() => void>()

function publish(next: SessionBody | null): void {
  current = next
  setCsrfToken(next?.csrfToken ?? null)
  for (const listener of listeners) listener()
}

export function currentSession(): SessionBody | null {
  return current
}

export function isAdmin(): boolean {
  return current?.me.role === 'admin'
}

/** Asks the server whether the cookie holds a session; null when it does not. */
export async function loadSession(): Promise<SessionBody | null> {
  try {
    publish(await apiRequest<SessionBody>('GET', '/api/v1/sessions/current', { keepSessionOn401: true }))
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error
    publish(null)
  }
  return current
}

export async function signIn(apiKey: string): Promise<SessionBody> {
  const session = await apiRequest<SessionBody>('POST', '/api/v1/sessions', {
    body: { apiKey },
    keepSessionOn401: true,
  })
  publish(session)
  return session
}

export async function signOut(): Promise<void> {
  try {
    await apiRequest<void>('DELETE', '/api/v1/sessions/current', { keepSessionOn401: true })
  } finally {
    publish(null)
  }
}

/** Forget the session locally (the server already said 401). */
export function dropSession(): void {
  publish(null)
}

/** Re-renders the component when the session changes. */
export function useSession(): SessionBody | null {
  const [, setVersion] = useState(0)
  useEffect(() => {
    const listener = () => setVersion((version) => version + 1)
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  }, [])
  return current
}
