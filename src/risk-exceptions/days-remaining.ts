/** Whole days left until an exception expires, as `exception.expiring_soon` carries them. */

export const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Days from `now` to `expiresAt` (epoch ms), rounded up: 5 days 20 hours → 6, exactly 6 days → 6,
 * one millisecond → 1. Never negative (0 once expired).
 */
export function daysRemaining(expiresAt: number, now: number): number {
  return Math.max(0, Math.ceil((expiresAt - now) / DAY_MS))
}
