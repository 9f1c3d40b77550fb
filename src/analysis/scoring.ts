/**
 * Scoring: the one place a health score, summary and pass/fail are computed from findings.
 *
 * `score = max(0, 100 − Σ weight(severity))` over the findings that are not waived, with the
 * pack's weights (default critical 25, high 6, medium 3, low 1: 1 critical + 3 high + 2 medium +
 * 4 low → 47). `passed` = no counted critical finding and `score >= passThreshold`.
 *
 * @module
 */
import type { Severity } from '../domain/severity.js'
import { SEVERITIES } from '../domain/severity.js'

/** Points deducted per finding of each severity. */
export type SeverityWeights = Readonly<Record<Severity, number>>

/** Counts per severity, plus the total, as in the webhook payload. */
export interface FindingSummary {
  readonly critical: number
  readonly high: number
  readonly medium: number
  readonly low: number
  readonly total: number
}

export interface Score {
  readonly score: number
  readonly summary: FindingSummary
  readonly passed: boolean
}

/**
 * Scores findings. Findings with a truthy `waivedBy` (an approved risk exception) are ignored.
 * Scores are whole numbers (weights with fractions are rounded at the end).
 */
export function scoreFindings(
  findings: ReadonlyArray<{ readonly severity: Severity; readonly waivedBy?: string | null }>,
  weights: SeverityWeights,
  passThreshold: number,
): Score {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 }
  for (const finding of findings) {
    if (finding.waivedBy) continue
    counts[finding.severity]++
  }
  let deducted = 0
  for (const severity of SEVERITIES) deducted += counts[severity] * weights[severity]
  const score = Math.max(0, Math.round(100 - deducted))
  const total = counts.critical + counts.high + counts.medium + counts.low
  return {
    score,
    summary: { ...counts, total },
    passed: counts.critical === 0 && score >= passThreshold,
  }
}
