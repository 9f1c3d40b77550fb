import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../config/config.js'
import { DEFAULT_RULE_DOCS_BASE_URL, instanceRuleDocsBaseUrl, ruleDocsUrl } from './rule-docs.js'

describe('rule docs URLs', () => {
  it('the default base is what an instance with the default configuration serves', () => {
    expect(DEFAULT_RULE_DOCS_BASE_URL).toBe(instanceRuleDocsBaseUrl(loadConfig({}).publicUrl))
  })

  it('an instance serves <public URL>/docs/rules/<ruleId>, with or without a trailing slash', () => {
    expect(ruleDocsUrl('FC-UIP-HCD-001', instanceRuleDocsBaseUrl('https://fc.example.com/'))).toBe(
      'https://fc.example.com/docs/rules/FC-UIP-HCD-001',
    )
    expect(ruleDocsUrl('FC-UIP-HCD-001', instanceRuleDocsBaseUrl('https://x.example.com/flowcerta'))).toBe(
      'https://x.example.com/flowcerta/docs/rules/FC-UIP-HCD-001',
    )
    expect(ruleDocsUrl('FC-UIP-HCD-001', 'https://docs.example.com/rules/')).toBe(
      'https://docs.example.com/rules/FC-UIP-HCD-001',
    )
  })

  it('an id cannot leave its path segment', () => {
    expect(ruleDocsUrl('../x?y#z', 'https://a.example/docs/rules')).toBe(
      'https://a.example/docs/rules/..%2Fx%3Fy%23z',
    )
  })
})
