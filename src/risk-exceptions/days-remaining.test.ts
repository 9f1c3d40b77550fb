import { describe, expect, it } from 'vitest'
import { DAY_MS, daysRemaining } from './days-remaining.js'

const HOUR_MS = 60 * 60 * 1000

describe('daysRemaining', () => {
  it("rounds up, as in the spec's example: fired 5 days 20 hours before expiresAt → 6", () => {
    const expiresAt = Date.parse('2026-05-28T00:00:00.000Z')
    const firedAt = Date.parse('2026-05-22T04:00:00.000Z')
    expect(expiresAt - firedAt).toBe(5 * DAY_MS + 20 * HOUR_MS)
    expect(daysRemaining(expiresAt, firedAt)).toBe(6)
  })

  it.each([
    [6 * DAY_MS, 6],
    [6 * DAY_MS + 1, 7],
    [DAY_MS, 1],
    [1, 1],
    [0, 0],
    [-DAY_MS, 0],
  ])('%i ms left → %i', (left, days) => {
    expect(daysRemaining(1_000_000_000_000 + left, 1_000_000_000_000)).toBe(days)
  })
})
