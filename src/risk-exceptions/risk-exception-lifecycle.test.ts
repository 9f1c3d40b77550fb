import { describe, expect, it } from 'vitest'
import {
  canTransition,
  canTransitionRenewal,
  RENEWABLE_STATE,
  RENEWAL_STATES,
  RENEWAL_TRANSITIONS,
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

  it('renewal: one pending at a time, decided by approve | reject, closed only from pending', () => {
    const allowed = RENEWAL_STATES.flatMap((from) =>
      RENEWAL_STATES.filter((to) => canTransitionRenewal(from, to)).map((to) => `${from}→${to}`),
    )
    expect(allowed).toEqual([
      'none→pending',
      'pending→approved',
      'pending→rejected',
      'pending→closed',
      'approved→pending',
      'rejected→pending',
    ])
    expect(Object.isFrozen(RENEWAL_STATES)).toBe(true)
    expect(Object.isFrozen(RENEWAL_TRANSITIONS)).toBe(true)
    expect(Object.isFrozen(RENEWAL_TRANSITIONS.pending)).toBe(true)
  })

  it('renewals live inside approved, a state that is neither initial nor terminal', () => {
    expect(RENEWABLE_STATE).toBe('approved')
    expect(RISK_EXCEPTION_TRANSITIONS[RENEWABLE_STATE].length).toBeGreaterThan(0)
    expect(RISK_EXCEPTION_TRANSITIONS.requested).toContain(RENEWABLE_STATE)
  })
})
