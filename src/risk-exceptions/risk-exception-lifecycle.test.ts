import { describe, expect, it } from 'vitest'
import {
  canTransition,
  RISK_EXCEPTION_STATES,
  RISK_EXCEPTION_TRANSITIONS,
} from './risk-exception-lifecycle.js'

describe('risk-exception lifecycle', () => {
  it('allows exactly requested → approved | rejected and approved → revoked | expired', () => {
    const allowed = RISK_EXCEPTION_STATES.flatMap((from) =>
      RISK_EXCEPTION_STATES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
    )
    expect(allowed).toEqual([
      'requested→approved',
      'requested→rejected',
      'approved→revoked',
      'approved→expired',
    ])
  })

  it('is frozen', () => {
    expect(Object.isFrozen(RISK_EXCEPTION_STATES)).toBe(true)
    expect(Object.isFrozen(RISK_EXCEPTION_TRANSITIONS)).toBe(true)
    expect(Object.isFrozen(RISK_EXCEPTION_TRANSITIONS.requested)).toBe(true)
  })
})
