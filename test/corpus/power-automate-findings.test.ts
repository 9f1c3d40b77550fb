/**
 * The Power Automate analyzer over the real corpus (issue 16): every upload zip and every unpacked
 * solution or package tree of `pnp-powerautomate-samples` and
 * `microsoft-powercat-business-approvals-kit` is read as the product reads a submission and
 * analysed with the `power-automate-general` pack (every FC-PAF rule); no rule may throw and every flow must be readable. The
 * findings are compared with a reviewed snapshot (power-automate-findings.snapshot.txt; the review,
 * rule by rule, is in REVIEW.md, "Issue 16 — Power Automate"): a change that moves them is a diff
 * to review, not a silent drift. Every other JSON file of the two folders must be refused as "not
 * a flow" (package and solution metadata), never with a parse error.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { getPolicyPack } from '../../src/analysis/packs/policy-packs.js'
import { analyzeSubmission } from '../../src/analysis/platform-analyzer.js'
import { isFlowError } from '../../src/analysis/power-automate/flow-error.js'
import { DEFAULT_FLOW_LIMITS } from '../../src/analysis/power-automate/flow-limits.js'
import { planPowerAutomateSubmission } from '../../src/analysis/power-automate/flow-submission-layout.js'
import { readJsonDocument } from '../../src/analysis/power-automate/json-document.js'
import { powerAutomateAnalyzer } from '../../src/analysis/power-automate/power-automate-analyzer.js'
import { readFlow } from '../../src/analysis/power-automate/read-flow.js'
import {
  corpusPowerAutomateSubmissions,
  loadCorpusSubmission,
  POWER_AUTOMATE_CORPUS_FOLDERS,
} from '../../src/analysis/power-automate/test-helpers.js'
import { findCorpus } from '../../src/analysis/xaml/test-helpers.js'

const pack = getPolicyPack('power-automate-general')!

function jsonFiles(dir: string, out: string[] = []): string[] {
  for (const item of readdirSync(dir).sort()) {
    const full = join(dir, item)
    if (statSync(full).isDirectory()) jsonFiles(full, out)
    else if (item.toLowerCase().endsWith('.json')) out.push(full)
  }
  return out
}

describe('Power Automate analyzer over the shared corpus', () => {
  const corpus = findCorpus()

  it('finds the corpus', () => {
    expect(corpus).toBeDefined()
  })

  it('reads every submission, analyses every flow with no rule error, and matches the reviewed snapshot', async () => {
    if (corpus === undefined) return
    const lines: string[] = []
    const analysed = new Set<string>()
    const submissions = corpusPowerAutomateSubmissions()
    expect(submissions.filter((item) => item.form === 'zip')).toHaveLength(24)
    for (const item of submissions) {
      const submission = await loadCorpusSubmission(item)
      let result: ReturnType<typeof analyzeSubmission>
      try {
        result = analyzeSubmission(powerAutomateAnalyzer, submission, { pack })
      } catch (error) {
        lines.push(`## ${item.name} refused=${(error as { code?: string }).code}`)
        continue
      }
      expect(result.platform).toBe('power-automate')
      expect(result.ruleErrors, item.name).toEqual([])
      expect(
        result.files.filter((file) => file.error !== null),
        item.name,
      ).toEqual([])
      const plan = planPowerAutomateSubmission(submission.files)
      if (item.form === 'folder')
        for (const flow of plan.flows) analysed.add(join(item.absolute, plan.root, flow.path))
      const skipped = result.skipped
        .map((entry) => entry.path)
        .filter((path) => !/(apisMap|connectionsMap|manifest)\.json$/.test(path))
      lines.push(
        `## ${item.name} kind=${plan.kind} flows=${plan.flows.length} score=${result.score} passed=${result.passed}${skipped.length > 0 ? ` skipped=${skipped.join(',')}` : ''}`,
      )
      for (const finding of result.findings)
        lines.push(`${finding.location} ${finding.ruleId} ${finding.severity} ${finding.activity}`)
    }
    // Every other JSON file is metadata, refused as not a flow (never unreadable).
    for (const folder of POWER_AUTOMATE_CORPUS_FOLDERS) {
      for (const file of jsonFiles(join(corpus, folder))) {
        if (analysed.has(file)) continue
        const name = relative(corpus, file).split('\\').join('/')
        try {
          readFlow(readFileSync(file), name)
          throw new Error(`${name} is a flow that no corpus submission analysed`)
        } catch (error) {
          if (!isFlowError(error)) throw error
          expect(`${name} ${error.code}`).toBe(`${name} FLOW_NOT_A_FLOW`)
        }
      }
    }
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./power-automate-findings.snapshot.txt')
  })

  it('keeps every corpus flow under a tenth of every reader limit', () => {
    if (corpus === undefined) return
    for (const folder of POWER_AUTOMATE_CORPUS_FOLDERS) {
      for (const file of jsonFiles(join(corpus, folder))) {
        const bytes = readFileSync(file)
        const tenth = Object.fromEntries(
          Object.entries(DEFAULT_FLOW_LIMITS).map(([name, value]) => [name, Math.floor(value / 10)]),
        )
        expect(() => readJsonDocument(bytes, file, tenth), file).not.toThrow()
      }
    }
  })
})
