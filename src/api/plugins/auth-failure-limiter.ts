/**
 * Slows down key guessing: after `maxFailures` failed authentications from one address within
 * `windowMs`, that address gets 429 until the window ends. Successful requests are not counted.
 * Memory is bounded: at most `maxTrackedAddresses` windows are kept, oldest dropped first.
 * The 429 says when to retry in its detail (`retryAfterSeconds`), which the error handler sends as
 * Retry-After, as for every AppError (error-handler.ts).
 */
import type { Clock } from '../../domain/clock.js'
import { AppError } from '../../domain/errors/app-error.js'

export interface AuthFailureLimits {
  maxFailures: number
  windowMs: number
  maxTrackedAddresses: number
}

export const DEFAULT_AUTH_FAILURE_LIMITS: AuthFailureLimits = Object.freeze({
  maxFailures: 20,
  windowMs: 60_000,
  maxTrackedAddresses: 10_000,
})

interface Window {
  startedAt: number
  failures: number
}

export class AuthFailureLimiter {
  private readonly windows = new Map<string, Window>()

  constructor(
    private readonly clock: Clock,
    private readonly limits: AuthFailureLimits = DEFAULT_AUTH_FAILURE_LIMITS,
  ) {}

  /** Seconds until the address may try again, or 0 when it is not blocked. */
  retryAfterSeconds(address: string): number {
    const window = this.currentWindow(address)
    if (window === undefined || window.failures < this.limits.maxFailures) return 0
    return Math.max(1, Math.ceil((window.startedAt + this.limits.windowMs - this.clock.now()) / 1000))
  }

  /** Throws 429 RATE_LIMITED, with when to retry, while the address is blocked. */
  refuseIfBlocked(address: string): void {
    const retryAfterSeconds = this.retryAfterSeconds(address)
    if (retryAfterSeconds > 0) {
      throw new AppError('RATE_LIMITED', {
        details: [{ reason: 'too many failed authentication attempts from this address', retryAfterSeconds }],
      })
    }
  }

  recordFailure(address: string): void {
    const window = this.currentWindow(address)
    if (window !== undefined) {
      window.failures += 1
      return
    }
    if (this.windows.size >= this.limits.maxTrackedAddresses) {
      const oldest = this.windows.keys().next().value
      if (oldest !== undefined) this.windows.delete(oldest)
    }
    this.windows.set(address, { startedAt: this.clock.now(), failures: 1 })
  }

  private currentWindow(address: string): Window | undefined {
    const window = this.windows.get(address)
    if (window === undefined) return undefined
    if (this.clock.now() - window.startedAt >= this.limits.windowMs) {
      this.windows.delete(address)
      return undefined
    }
    return window
  }
}
