/**
 * The dashboard's one way to the server: the public JSON API, same origin, with the session cookie.
 * Every write carries the session's CSRF token (X-CSRF-Token); the API key itself is never kept in
 * the browser — it is sent once, to POST /api/v1/sessions, and exchanged for the HttpOnly cookie.
 */

/** An API error body: `{"error": {"code", "message", "details"}}` (docs/errors.md). */
export interface ApiProblem {
  field?: string
  reason: string
  [key: string]: unknown
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ApiProblem[],
  ) {
    super(message)
  }
}

let csrfToken: string | null = null
let onSessionLost: (() => void) | null = null

/** Set after sign-in (and after GET /api/v1/sessions/current) so writes can send it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** Called on any 401 from the API: the session ended (expired, revoked key, signed out elsewhere). */
export function whenSessionLost(handler: () => void): void {
  onSessionLost = handler
}

export type QueryValue = string | number | boolean | undefined | null

/** `/api/v1/results` + `{passed: true, cursor: undefined}` → `/api/v1/results?passed=true`. */
export function withQuery(path: string, query: Record<string, QueryValue>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    params.set(key, String(value))
  }
  const text = params.toString()
  return text === '' ? path : `${path}?${text}`
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export interface RequestOptions {
  /** A JSON body, or a FormData for uploads. */
  body?: unknown
  /** Leave a 401 to the caller (the sign-in page) instead of ending the session. */
  keepSessionOn401?: boolean
  signal?: AbortSignal
}

export async function apiRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  let body: BodyInit | undefined
  if (options.body instanceof FormData) {
    body = options.body
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  if (WRITE_METHODS.has(method) && csrfToken !== null) headers['x-csrf-token'] = csrfToken

  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    })
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw new ApiError(0, 'NETWORK', 'The server could not be reached. Check your connection and retry.', [])
  }
  if (response.status === 204) return undefined as T
  const text = await response.text()
  const parsed: unknown = text === '' ? undefined : safeJson(text)
  if (response.ok) return parsed as T

  const error = readProblem(parsed)
  if (response.status === 401 && options.keepSessionOn401 !== true) onSessionLost?.()
  throw new ApiError(
    response.status,
    error?.code ?? `HTTP_${response.status}`,
    error?.message ?? `The server answered ${response.status}.`,
    error?.details ?? [],
  )
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function readProblem(body: unknown): { code: string; message: string; details: ApiProblem[] } | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null
  const error = (body as { error: unknown }).error
  if (typeof error !== 'object' || error === null) return null
  const { code, message, details } = error as Record<string, unknown>
  return {
    code: typeof code === 'string' ? code : 'UNKNOWN',
    message: typeof message === 'string' ? message : 'The request failed.',
    details: Array.isArray(details) ? (details as ApiProblem[]) : [],
  }
}

export const apiGet = <T>(path: string, signal?: AbortSignal) => apiRequest<T>('GET', path, { signal })
export const apiPost = <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, { body })
export const apiPatch = <T>(path: string, body: unknown) => apiRequest<T>('PATCH', path, { body })
export const apiDelete = <T>(path: string) => apiRequest<T>('DELETE', path)

/** A page of a cursor-paged list (`{items, nextCursor}`), as every list route answers. */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}
