/**
 * The Blue Prism analyzer over every Blue Prism export of the shared corpus (blue-prism-general,
 * every FC-BPR rule), against a reviewed snapshot (blue-prism-findings.snapshot.txt): one line per
 * finding with its location, rule, severity, stage and process/page/stage path. Reviewed per rule
 * in REVIEW.md ("Issue 16 — Blue Prism"); re-record only after reading every changed line.
 */
import { describe, expect, it } from 'vitest'
import {
  analyzeBluePrismCorpusFile,
  bluePrismCorpusFiles,
} from '../../src/analysis/blue-prism/blue-prism-test-kit.js'

describe('Blue Prism analyzer over the shared corpus', () => {
  it('matches the reviewed snapshot of findings per file', async () => {
    const lines: string[] = []
    for (const path of bluePrismCorpusFiles()) {
      const result = analyzeBluePrismCorpusFile(path)
      expect(result.ruleErrors, path).toEqual([])
      lines.push(`## ${path} score=${result.score} passed=${result.passed}`)
      for (const finding of result.findings) {
        lines.push(
          `${finding.location}:${finding.column} ${finding.ruleId} ${finding.severity} ${finding.logicalLocation?.fullyQualifiedName ?? finding.activity}${finding.message === null ? '' : ` — ${finding.message}`}`,
        )
      }
    }
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./blue-prism-findings.snapshot.txt')
  })
})
