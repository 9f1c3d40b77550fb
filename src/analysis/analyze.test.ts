import { describe, expect, it } from 'vitest'
import { analyzeWorkflow, UnknownPolicyPackError } from './analyze.js'
import type { PolicyPack } from './packs/policy-pack.js'
import { getDefaultSeverityWeights, getPolicyPack } from './packs/policy-packs.js'
import { DEFAULT_RESULT_LIMITS } from './result-limits.js'
import { defineRule, findingAt } from './rules/rule.js'
import { CORPUS_DIR, corpusFiles, readCorpusFile, wrapWorkflow } from './rules/rule-test-kit.js'
import { XamlError } from './xaml/xaml-error.js'

const workflow = wrapWorkflow(`
<Sequence DisplayName="Main">
  <WriteLine DisplayName="Debug" Text="a" />
  <TryCatch DisplayName="Try">
    <TryCatch.Try>
      <ui:MessageBox Text="b" />
    </TryCatch.Try>
    <TryCatch.Catches>
      <Catch x:TypeArguments="s:Exception">
        <ActivityAction x:TypeArguments="s:Exception" />
      </Catch>
    </TryCatch.Catches>
  </TryCatch>
</Sequence>`)

/**
 * The baseline pack cut down to the two rules the workflow above exercises, so these tests are
 * about the analyzer (ordering, waivers, scoring, failures) and not about the whole catalogue.
 */
const baseline = getPolicyPack('uipath-reframework-baseline')!
const twoRulePack: PolicyPack = {
  ...baseline,
  rules: baseline.rules.filter((r) => ['FC-UIP-ERR-001', 'FC-UIP-LOG-002'].includes(r.rule.ruleId)),
}

describe('analyzeWorkflow', () => {
  it('lists at most maxFindings, the most severe, while summary and score count them all', () => {
    const { maxFindings } = DEFAULT_RESULT_LIMITS
    const high = 3000 // empty catches (FC-UIP-ERR-001, high)
    const low = maxFindings // WriteLine (FC-UIP-LOG-002, low)
    const emptyCatch =
      '<TryCatch><TryCatch.Catches><Catch x:TypeArguments="s:Exception"><ActivityAction x:TypeArguments="s:Exception" /></Catch></TryCatch.Catches></TryCatch>'
    const body = `${emptyCatch.repeat(high)}${'<WriteLine Text="a" />'.repeat(low)}`
    const result = analyzeWorkflow({
      content: wrapWorkflow(`<Sequence>${body}</Sequence>`),
      fileName: 'M.xaml',
      pack: twoRulePack,
    })
    expect(result.findings).toHaveLength(maxFindings)
    expect(result.summary).toMatchObject({ high, low, total: high + low })
    expect(result.score).toBe(0)
    expect(result.findings.filter((f) => f.severity === 'high')).toHaveLength(high)
    expect(result.findings.at(-1)?.severity).toBe('low')
  })

  it('clips activity labels and messages, so a huge DisplayName is not copied into every finding', () => {
    const name = 'Step '.repeat(100_000)
    const result = analyzeWorkflow({
      content: wrapWorkflow(
        `<Sequence DisplayName="Main"><WriteLine DisplayName="${name}" Text="a" /></Sequence>`,
      ),
      fileName: 'M.xaml',
      pack: twoRulePack,
    })
    const finding = result.findings.find((f) => f.ruleId === 'FC-UIP-LOG-002')
    expect(finding?.activity).toHaveLength(DEFAULT_RESULT_LIMITS.maxActivityChars)
    expect(finding?.activity.endsWith('…')).toBe(true)
    expect(name.startsWith(finding?.activity.slice(0, -1) ?? '-')).toBe(true)
  })

  it('returns the spec fields, findings ordered by severity then line', () => {
    const result = analyzeWorkflow({ content: workflow, fileName: 'Main.xaml', pack: twoRulePack })
    expect(result).toMatchObject({
      platform: 'uipath',
      fileName: 'Main.xaml',
      policyPackSlug: 'uipath-reframework-baseline',
      enforcementMode: 'blocking',
      summary: { critical: 0, high: 1, medium: 0, low: 2, total: 3 },
      score: 92,
      passed: true,
      ruleErrors: [],
    })
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.location])).toEqual([
      ['FC-UIP-ERR-001', 'high', 'Main.xaml:8'],
      ['FC-UIP-LOG-002', 'low', 'Main.xaml:2'],
      ['FC-UIP-LOG-002', 'low', 'Main.xaml:5'],
    ])
    expect(result.findings[0]).toEqual({
      ruleId: 'FC-UIP-ERR-001',
      severity: 'high',
      category: 'error_handling',
      location: 'Main.xaml:8',
      description: 'Empty catch block: the exception is swallowed without logging or handling.',
      line: 8,
      column: 7,
      activity: 'Try',
      message: 'Catch of System.Exception has no activities.',
      recommendation: expect.stringContaining('Log the exception'),
      docsUrl: 'http://127.0.0.1:8080/docs/rules/FC-UIP-ERR-001',
      waivedBy: null,
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
    })
  })

  it('applies the named pack (severity, mode) and docsBaseUrl', () => {
    const result = analyzeWorkflow({
      content: workflow,
      fileName: 'Main.xaml',
      packSlug: 'uipath-security',
      docsBaseUrl: 'https://docs.example.com/rules',
    })
    expect(result.policyPackSlug).toBe('uipath-security')
    expect(result.findings.map((f) => f.ruleId)).toEqual(['FC-UIP-ERR-001'])
    expect(result.findings[0]?.docsUrl).toBe('https://docs.example.com/rules/FC-UIP-ERR-001')
  })

  it('keeps waived findings but does not count them', () => {
    const result = analyzeWorkflow({
      content: workflow,
      fileName: 'Main.xaml',
      pack: twoRulePack,
      isWaived: (finding) => (finding.ruleId === 'FC-UIP-ERR-001' && finding.line === 8 ? 'exc-42' : null),
    })
    expect(result.findings).toHaveLength(3)
    expect(result.findings.find((f) => f.ruleId === 'FC-UIP-ERR-001')?.waivedBy).toBe('exc-42')
    expect(result.summary).toEqual({ critical: 0, high: 0, medium: 0, low: 2, total: 2 })
    expect(result.score).toBe(98)
  })

  it('a critical finding fails the result', () => {
    const pack: PolicyPack = {
      ...twoRulePack,
      rules: twoRulePack.rules.map((r) =>
        r.rule.ruleId === 'FC-UIP-ERR-001' ? { ...r, severity: 'critical' } : r,
      ),
    }
    const result = analyzeWorkflow({ content: workflow, fileName: 'Main.xaml', pack })
    expect(result).toMatchObject({ score: 73, passed: false, summary: { critical: 1 } })
  })

  it('throws the reader XamlError for a broken file, and UnknownPolicyPackError for an unknown pack', () => {
    expect(() => analyzeWorkflow({ content: '<Activity><Sequence>', fileName: 'Broken.xaml' })).toThrow(
      XamlError,
    )
    expect(() => analyzeWorkflow({ content: workflow, fileName: 'Main.xaml', packSlug: 'nope' })).toThrow(
      UnknownPolicyPackError,
    )
  })

  it('a rule that throws is reported in ruleErrors, skipped, and fails the result (fail closed)', () => {
    const broken = defineRule({
      ruleId: 'FC-UIP-REL-999',
      name: 'always-throws',
      category: 'reliability',
      severity: 'low',
      description: 'Test rule.',
      recommendation: 'None.',
      mirrors: [],
      check() {
        throw new Error('boom')
      },
    })
    const pack: PolicyPack = {
      ...twoRulePack,
      rules: [...twoRulePack.rules, { rule: broken, severity: 'low', options: {} }],
    }
    const result = analyzeWorkflow({ content: workflow, fileName: 'Main.xaml', pack })
    expect(result.ruleErrors).toEqual([{ ruleId: 'FC-UIP-REL-999', message: 'boom' }])
    expect(result.findings).toHaveLength(3)
    expect(result.score).toBe(92)
    expect(result.passed).toBe(false)
  })

  it('runs a rule only on files matching its appliesTo (relative to the project root)', () => {
    const frameworkOnly = defineRule({
      ruleId: 'FC-UIP-MNT-999',
      name: 'framework-paths-only',
      category: 'maintainability',
      severity: 'low',
      description: 'Test rule.',
      recommendation: 'None.',
      mirrors: [],
      appliesTo: ['Main.xaml', 'Framework/*.xaml'],
      check: (model) => [findingAt(model.root)],
    })
    const pack: PolicyPack = {
      ...getPolicyPack('uipath-general')!,
      weights: getDefaultSeverityWeights(),
      rules: [{ rule: frameworkOnly, severity: 'low', options: {} }],
    }
    const count = (relativePath: string) =>
      analyzeWorkflow({ content: workflow, fileName: `proj/${relativePath}`, relativePath, pack }).findings
        .length
    expect(count('Main.xaml')).toBe(1)
    expect(count('framework/InitAllSettings.xaml')).toBe(1)
    expect(count('Process.xaml')).toBe(0)
    expect(count('Framework/Sub/Deep.xaml')).toBe(0)
  })

  describe.skipIf(corpusFiles().length === 0)(`corpus (${CORPUS_DIR})`, () => {
    it('analyses every corpus file with every pack without crashing or rule errors', () => {
      for (const file of corpusFiles()) {
        for (const packSlug of ['uipath-reframework-baseline', 'uipath-general', 'uipath-security']) {
          const result = analyzeWorkflow({ content: readCorpusFile(file), fileName: file, packSlug })
          expect(result.ruleErrors, file).toEqual([])
          expect(result.score).toBeGreaterThanOrEqual(0)
        }
      }
    })
  })
})
