import { describe, expect, it } from 'vitest'
import type { Severity } from '../domain/severity.js'
import { getDefaultSeverityWeights } from './packs/policy-packs.js'
import { scoreFindings } from './scoring.js'

const weights = getDefaultSeverityWeights()
const many = (counts: Partial<Record<Severity, number>>, waivedBy: string | null = null) =>
  (Object.entries(counts) as [Severity, number][]).flatMap(([severity, n]) =>
    Array.from({ length: n }, () => ({ severity, waivedBy })),
  )

describe('scoreFindings', () => {
  it('default weights are critical 25, high 6, medium 3, low 1', () => {
    expect(weights).toEqual({ critical: 25, high: 6, medium: 3, low: 1 })
  })

  it('reproduces the spec example: 1 critical, 3 high, 2 medium, 4 low → 47, failed', () => {
    const result = scoreFindings(many({ critical: 1, high: 3, medium: 2, low: 4 }), weights, 70)
    expect(result).toEqual({
      score: 47,
      summary: { critical: 1, high: 3, medium: 2, low: 4, total: 10 },
      passed: false,
    })
  })

  it('passes at the threshold without critical findings, fails below it', () => {
    expect(scoreFindings(many({ high: 5 }), weights, 70)).toMatchObject({ score: 70, passed: true })
    expect(scoreFindings(many({ high: 5, low: 1 }), weights, 70)).toMatchObject({ score: 69, passed: false })
  })

  it('any critical finding fails, whatever the score', () => {
    expect(scoreFindings(many({ critical: 1 }), weights, 70)).toMatchObject({ score: 75, passed: false })
  })

  it('never goes below 0', () => {
    expect(scoreFindings(many({ critical: 5 }), weights, 0)).toMatchObject({ score: 0 })
  })

  it('ignores waived findings in score, summary and passed', () => {
    const findings = [...many({ critical: 1, high: 2 }, 'exception-1'), ...many({ low: 1 })]
    expect(scoreFindings(findings, weights, 70)).toEqual({
      score: 99,
      summary: { critical: 0, high: 0, medium: 0, low: 1, total: 1 },
      passed: true,
    })
  })
})
