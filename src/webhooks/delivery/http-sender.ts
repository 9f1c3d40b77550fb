/**
 * POSTs one delivery with undici: one pooled keep-alive Agent for the process, connect timeout
 * and total timeout from config, redirects never followed, SSRF guard on the connected address
 * (see ssrf-guard.ts). Every outcome, including every failure, comes back as an `AttemptResult`
 * with an error class; this module never throws for a receiver's behaviour.
 */
import { EventEmitter } from 'node:events'
import { performance } from 'node:perf_hooks'
import type { Readable } from 'node:stream'
import { Agent, request, errors as undiciErrors } from 'undici'
import { DEFAULTS } from '../../config/config.js'
import { SsrfBlockedError, type SsrfGuard } from './ssrf-guard.js'

/** Why an attempt failed, as recorded in the attempt log. */
export const ERROR_CLASSES = Object.freeze([
  'timeout',
  'connection_refused',
  'connection_reset',
  'tls',
  'dns',
  'ssrf_blocked',
  'redirect',
  'http_error',
  'network',
] as const)
export type ErrorClass = (typeof ERROR_CLASSES)[number]

export interface HttpSenderOptions {
  guard: SsrfGuard
  /** TCP (and TLS) connect timeout. Default: FLOWCERTA_WEBHOOK_CONNECT_TIMEOUT_MS's. */
  connectTimeoutMs?: number
  /** Whole attempt, from connect to the end of the response body. Default: FLOWCERTA_WEBHOOK_SEND_TIMEOUT_MS's. */
  totalTimeoutMs?: number
  /** Keep-alive connections per origin. Default: FLOWCERTA_WEBHOOK_CONNECTIONS_PER_ORIGIN's. */
  connectionsPerOrigin?: number
  /** Response body bytes kept for the attempt log. Default 64 KiB. */
  maxResponseBytes?: number
}

export interface OutgoingRequest {
  url: string
  headers: Record<string, string>
  body: string
}

export interface AttemptResult {
  /** The HTTP status, when the receiver answered. */
  statusCode: number | null
  durationMs: number
  /** First maxResponseBytes of the response body (UTF-8, lossy), when there was one. */
  responseBody: string | null
  /** Null on success (2xx). */
  errorClass: ErrorClass | null
  errorMessage: string | null
  /** The receiver's Retry-After header, raw, when it sent one. */
  retryAfter: string | undefined
}

export const MAX_RESPONSE_BYTES = 64 * 1024
/** Past this many bytes we stop draining a response and drop the connection instead. */
const MAX_DRAIN_BYTES = 1024 * 1024

class TotalTimeoutError extends Error {
  readonly code = 'ERR_FLOWCERTA_TOTAL_TIMEOUT'
}

/**
 * The total timeout of one send, as the abort signal undici takes. undici accepts an EventEmitter
 * with `aborted`/`reason` as well as an AbortSignal; an AbortController per request cost ~20 µs
 * of a send's CPU in the delivery benchmark's profile (event-target and transferable set-up).
 */
class SendDeadline extends EventEmitter {
  aborted = false
  reason: TotalTimeoutError | undefined
  readonly #timer: NodeJS.Timeout

  constructor(timeoutMs: number) {
    super()
    this.#timer = setTimeout(() => {
      this.aborted = true
      this.reason = new TotalTimeoutError('no complete answer in time')
      this.emit('abort')
    }, timeoutMs)
  }

  clear(): void {
    clearTimeout(this.#timer)
  }
}

/** Parsed, guard-checked URLs kept per URL text (webhook URLs are few and sent to again and again). */
const CHECKED_URL_CACHE_SIZE = 1000

function errorCode(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code
    current = (current as { cause?: unknown }).cause
  }
  return (error as { code?: string } | null)?.code
}

/** Maps a thrown error to the error class of the attempt log. */
export function classifyError(error: unknown): ErrorClass {
  if (
    error instanceof SsrfBlockedError ||
    (error as { cause?: unknown })?.cause instanceof SsrfBlockedError
  ) {
    return 'ssrf_blocked'
  }
  if (error instanceof TotalTimeoutError) return 'timeout'
  if (
    error instanceof undiciErrors.ConnectTimeoutError ||
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError
  ) {
    return 'timeout'
  }
  const code = errorCode(error) ?? ''
  if (code === 'ERR_SSRF_BLOCKED') return 'ssrf_blocked'
  if (code === 'ECONNREFUSED') return 'connection_refused'
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
    return 'connection_reset'
  }
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA' || code === 'EAI_FAIL')
    return 'dns'
  if (
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    code.includes('CERT') ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    code === 'EPROTO'
  ) {
    return 'tls'
  }
  if ((error as { name?: string })?.name === 'SocketError') return 'connection_reset'
  return 'network'
}

export class HttpSender {
  readonly #agent: Agent
  readonly #guard: SsrfGuard
  readonly #totalTimeoutMs: number
  readonly #maxResponseBytes: number
  readonly #checkedUrls = new Map<string, URL>()

  constructor(options: HttpSenderOptions) {
    this.#guard = options.guard
    this.#totalTimeoutMs = options.totalTimeoutMs ?? DEFAULTS.webhookSendTimeoutMs
    this.#maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES
    this.#agent = new Agent({
      connections: options.connectionsPerOrigin ?? DEFAULTS.webhookConnectionsPerOrigin,
      keepAliveTimeout: 4_000,
      // Our own total timeout covers headers and body; these only stop undici's defaults (300 s).
      headersTimeout: this.#totalTimeoutMs,
      bodyTimeout: this.#totalTimeoutMs,
      connect: {
        timeout: options.connectTimeoutMs ?? DEFAULTS.webhookConnectTimeoutMs,
        // The guard resolves and vets; the socket connects to the address it returned.
        lookup: this.#guard.lookup,
      },
    })
  }

  async send(outgoing: OutgoingRequest): Promise<AttemptResult> {
    const started = performance.now()
    const deadline = new SendDeadline(this.#totalTimeoutMs)
    try {
      const response = await request(this.#checkedUrl(outgoing.url), {
        method: 'POST',
        headers: outgoing.headers,
        body: outgoing.body,
        dispatcher: this.#agent,
        signal: deadline,
      })
      const statusCode = response.statusCode
      const retryAfterHeader = response.headers['retry-after']
      const retryAfter = Array.isArray(retryAfterHeader) ? retryAfterHeader[0] : retryAfterHeader
      const responseBody = await this.#readSnippet(response.body)
      const ok = statusCode >= 200 && statusCode < 300
      const errorClass: ErrorClass | null = ok
        ? null
        : statusCode >= 300 && statusCode < 400
          ? 'redirect'
          : 'http_error'
      const location = response.headers.location
      return {
        statusCode,
        durationMs: Math.round(performance.now() - started),
        responseBody,
        errorClass,
        errorMessage:
          errorClass === 'redirect'
            ? `redirect not followed${typeof location === 'string' ? ` (to ${location.slice(0, 200)})` : ''}`
            : errorClass === 'http_error'
              ? `HTTP ${statusCode}`
              : null,
        retryAfter,
      }
    } catch (error) {
      const cause = deadline.aborted ? deadline.reason : error
      return {
        statusCode: null,
        durationMs: Math.round(performance.now() - started),
        responseBody: null,
        errorClass: classifyError(cause),
        errorMessage: String((cause as Error)?.message ?? cause).slice(0, 500),
        retryAfter: undefined,
      }
    } finally {
      deadline.clear()
    }
  }

  /** The URL parsed and passed by the guard (a literal IP must be permitted); throws otherwise. */
  #checkedUrl(text: string): URL {
    let url = this.#checkedUrls.get(text)
    if (url === undefined) {
      url = new URL(text)
      this.#guard.checkUrl(url)
      if (this.#checkedUrls.size >= CHECKED_URL_CACHE_SIZE) this.#checkedUrls.clear()
      this.#checkedUrls.set(text, url)
    }
    return url
  }

  /**
   * Keeps the first bytes for the log and drains a little more so the connection can be reused;
   * a longer body is cut off by destroying the stream. A timeout or a broken stream while reading
   * rejects (→ timeout, connection_reset…). Read with 'data' events rather than `for await`: the
   * stream's async iterator made a few promises per response, a visible share of a send's CPU for
   * the short answers receivers give.
   */
  #readSnippet(body: Readable): Promise<string | null> {
    const maxKept = this.#maxResponseBytes
    return new Promise((resolve, reject) => {
      const kept: Buffer[] = []
      let keptBytes = 0
      let seen = 0
      let settled = false
      const finish = (error?: Error) => {
        if (settled) return
        settled = true
        body.off('data', onData)
        if (error !== undefined) reject(error)
        else resolve(seen === 0 ? null : Buffer.concat(kept).toString('utf8'))
      }
      const onData = (chunk: Buffer) => {
        seen += chunk.length
        if (keptBytes < maxKept) {
          const slice = chunk.subarray(0, maxKept - keptBytes)
          kept.push(slice)
          keptBytes += slice.length
        }
        if (seen > MAX_DRAIN_BYTES) {
          finish()
          body.destroy()
        }
      }
      body.on('data', onData)
      body.once('end', () => finish())
      body.once('error', (error: Error) => finish(error))
      // Closed with neither 'end' nor 'error' (destroyed without a reason): as `for await` would.
      body.once('close', () => finish(new Error('response body closed before its end')))
    })
  }

  close(): Promise<void> {
    return this.#agent.close()
  }
}
