/**
 * FC-UIP-REL-001 hardcoded-delay: a Delay activity whose Duration is a constant (a literal
 * `00:00:05` or a constant expression such as `TimeSpan.FromSeconds(5)`).
 * Mirrors UiPath Workflow Analyzer ST-PRR-004. Doc: docs/rules/FC-UIP-REL-001.md.
 */
import { XAML_NS } from '../../xaml/index.js'
import type { XamlNode } from '../../xaml/workflow-model.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { forEachIdentifier } from '../support/expression-identifiers.js'

/**
 * Identifiers that may appear in a *constant* duration expression: the TimeSpan type and the
 * `New`/`new` keyword (member names such as `FromSeconds` are not reported by the scanner).
 * Anything else (a variable, `in_Config`, `CDbl`) makes the duration configurable, not hardcoded.
 */
const CONSTANT_DURATION_IDENTIFIERS: ReadonlySet<string> = new Set(['timespan', 'system', 'new'])

export const hardcodedDelayRule = defineRule({
  ruleId: 'FC-UIP-REL-001',
  name: 'hardcoded-delay',
  category: 'reliability',
  severity: 'medium',
  description: 'Delay activity with a hardcoded duration.',
  recommendation:
    'Wait for the application state instead (Element Exists, Check App State, Retry Scope, activity timeouts); if a fixed pause is really needed, read its length from Config and annotate why.',
  mirrors: ['ST-PRR-004'],
  check(model) {
    const delays = new Map<XamlNode, true>()
    for (const activity of model.activities) {
      if (activity.localName === 'Delay' && activity.namespaceUri === XAML_NS.activities)
        delays.set(activity, true)
    }
    if (delays.size === 0) return []
    const findings: RawFinding[] = []
    for (const literal of model.literals) {
      const owner = literal.owner
      if (owner === undefined || literal.property !== 'Duration' || !delays.has(owner)) continue
      if (literal.value.trim() === '') continue
      findings.push(findingAt(owner, `Duration is the literal ${literal.value.trim()}.`))
    }
    for (const expression of model.expressions) {
      const owner = expression.owner
      if (owner === undefined || expression.property !== 'Duration' || !delays.has(owner)) continue
      let constant = true
      forEachIdentifier(expression.text, expression.language, (identifier) => {
        if (!CONSTANT_DURATION_IDENTIFIERS.has(identifier.toLowerCase())) constant = false
      })
      // An expression with no digit at all (e.g. `TimeSpan.Zero`) is not a wait worth reporting.
      if (constant && /\d/.test(expression.text) && !/^\s*TimeSpan\.Zero\s*$/i.test(expression.text)) {
        findings.push(findingAt(owner, `Duration is the constant expression ${expression.text.trim()}.`))
      }
    }
    return findings
  },
})
