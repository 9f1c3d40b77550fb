import { describe, expect, it } from 'vitest'
import { RULES } from '../rules/index.js'
import { PolicyPackError, parsePolicyPack } from './policy-pack.js'
import { getDefaultSeverityWeights, getPolicyPack, listPolicyPacks } from './policy-packs.js'

const base = {
  slug: 'custom',
  name: 'Custom',
  platform: 'uipath',
  enforcementMode: 'advisory',
  rules: [{ all: true }],
}
const parse = (raw: unknown) => parsePolicyPack(raw, 'custom.json', RULES, getDefaultSeverityWeights())

describe('policy packs', () => {
  it('ships three UiPath packs and one per other platform, with the expected modes', () => {
    expect(listPolicyPacks().map((p) => [p.slug, p.platform, p.enforcementMode, p.passThreshold])).toEqual([
      ['uipath-reframework-baseline', 'uipath', 'blocking', 70],
      ['uipath-general', 'uipath', 'advisory', 70],
      ['uipath-security', 'uipath', 'blocking', 70],
      ['power-automate-general', 'power-automate', 'advisory', 70],
      ['blue-prism-general', 'blue-prism', 'advisory', 70],
    ])
    expect(getPolicyPack('nope')).toBeUndefined()
  })

  it('defaults passThreshold to 70 and weights to scoring-weights.json', () => {
    const pack = parse(base)
    expect(pack.passThreshold).toBe(70)
    expect(pack.weights).toEqual({ critical: 25, high: 6, medium: 3, low: 1 })
    // "all" is every rule of the pack's platform, none of another's.
    expect(pack.rules.map((r) => r.rule.ruleId)).toEqual(
      RULES.filter((r) => r.platform === 'uipath').map((r) => r.ruleId),
    )
  })

  it('applies entries in order: category off, id back on with a severity and options', () => {
    const pack = parse({
      ...base,
      weights: { critical: 30, high: 10, medium: 2, low: 0 },
      rules: [
        { all: true, severity: 'medium' },
        { category: 'logging', enabled: false },
        { ruleId: 'FC-UIP-LOG-002', severity: 'high', options: { activityTypes: ['WriteLine'] } },
      ],
    })
    expect(pack.weights.critical).toBe(30)
    const log = pack.rules.find((r) => r.rule.ruleId === 'FC-UIP-LOG-002')
    expect(log?.severity).toBe('high')
    expect(log?.options).toEqual({ activityTypes: ['WriteLine'] })
    expect(pack.rules.find((r) => r.rule.ruleId === 'FC-UIP-ERR-001')?.severity).toBe('medium')
  })

  it.each([
    [{ ...base, slug: 'Not A Slug' }, /slug must be a kebab-case string/],
    [{ ...base, platform: 'blueprism' }, /platform must be one of uipath, power-automate, blue-prism/],
    [{ ...base, enforcementMode: 'strict' }, /enforcementMode must be one of blocking, advisory/],
    [{ ...base, passThreshold: 120 }, /passThreshold must be a number from 0 to 100/],
    [
      { ...base, weights: { critical: -1, high: 1, medium: 1, low: 1 } },
      /weights.critical must be a non-negative/,
    ],
    [{ ...base, rules: [] }, /rules must be a non-empty array/],
    [{ ...base, rules: [{ category: 'x' }] }, /rules\[0\].category must be one of/],
    [
      { ...base, rules: [{ ruleId: 'FC-UIP-XXX-999' }] },
      /rules\[0\].ruleId "FC-UIP-XXX-999" is not a known rule/,
    ],
    [{ ...base, rules: [{ all: true, category: 'naming' }] }, /exactly one of/],
    [
      { ...base, rules: [{ all: true, options: {} }] },
      /options must be an object, and only on a "ruleId" entry/,
    ],
    [
      { ...base, rules: [{ ruleId: 'FC-UIP-LOG-002', options: { activityTypes: 3 } }] },
      /activityTypes" must be an array/,
    ],
    [{ ...base, rules: [{ ruleId: 'FC-UIP-ERR-001', severity: 'fatal' }] }, /severity must be one of/],
    [{ ...base, extra: 1 }, /extra is not a pack field/],
  ])('rejects an invalid pack with a clear message (%#)', (raw, message) => {
    expect(() => parse(raw)).toThrow(PolicyPackError)
    expect(() => parse(raw)).toThrow(message)
    expect(() => parse(raw)).toThrow(/^Invalid policy pack custom\.json: /)
  })
})
