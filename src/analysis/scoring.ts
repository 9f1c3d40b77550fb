/**
 * Scoring: the one place a health score, summary and pass/fail are computed from findings.
 *
 * `score = max(0, 100 − Σ weight(severity))` over the findings that are not waived, with the
 * pack's weights (default critical 25, high 6, medium 3, low 1: 1 critical + 3 high + 2 medium +
 * 4 low → 47). `passed` = no counted critical finding and `score >= passThreshold`.
 *
 * A project (see {@link scoreProject}) is scored as the mean of its files' scores, less the
 * weights of the project-level findings (a missing invoked file, an argument mismatch): a project
 * of forty clean files and one poor one is not scored as if all its findings were in one file,
 * and a problem between files counts once, against the whole.
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

/**
 * Scores a project: `max(0, round(mean(file scores) − Σ weight(project-level findings)))`; a file
 * that could not be read scores 0. `summary` counts every finding (files and project);
 * `passed` = no counted critical anywhere, no unreadable file, and `score >= passThreshold`.
 */
export function scoreProject(
  files: ReadonlyArray<{ readonly score: number; readonly readable: boolean }>,
  projectFindings: ReadonlyArray<{ readonly severity: Severity; readonly waivedBy?: string | null }>,
  allFindings: ReadonlyArray<{ readonly severity: Severity; readonly waivedBy?: string | null }>,
  weights: SeverityWeights,
  passThreshold: number,
): Score {
  const mean =
    files.length === 0
      ? 100
      : files.reduce((sum, file) => sum + (file.readable ? file.score : 0), 0) / files.length
  const projectLevel = scoreFindings(projectFindings, weights, 0)
  const all = scoreFindings(allFindings, weights, 0)
  const score = Math.max(0, Math.round(mean - (100 - projectLevel.score)))
  return {
    score,
    summary: all.summary,
    passed: all.summary.critical === 0 && files.every((file) => file.readable) && score >= passThreshold,
  }
}
