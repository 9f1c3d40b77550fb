/**
 * FC-UIP-REL-002 hardcoded-ui-delay: a UI activity with a literal DelayBefore / DelayAfter /
 * DelayMS / DelayBetweenKeys above a threshold.
 * Mirrors UiPath Workflow Analyzer UI-PRR-004. Doc: docs/rules/FC-UIP-REL-002.md.
 */
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { numberOption, stringListOption } from '../rule-options.js'

// Plain decimal numbers only: `500`, `0.3`, `1,000` is not a XAML number and is left alone.
const NUMBER = /^\s*(\d+(?:\.\d+)?)\s*$/

export const hardcodedUiDelayRule = defineRule({
  ruleId: 'FC-UIP-REL-002',
  name: 'hardcoded-ui-delay',
  category: 'reliability',
  severity: 'low',
  description: 'UI activity with a hardcoded delay before or after it.',
  recommendation:
    'Leave DelayBefore/DelayAfter/DelayMS at their defaults and synchronise on the UI instead (WaitForReady, Element Exists, Check App State); if a delay is unavoidable, take it from Config and annotate why.',
  mirrors: ['UI-PRR-004'],
  options: {
    delayProperties: stringListOption({
      default: ['DelayBefore', 'DelayAfter', 'DelayMS', 'DelayBetweenKeys'],
      description: 'Activity properties that hold a delay.',
    }),
    ignoreUpTo: numberOption({
      default: 0,
      min: 0,
      description:
        'Literal delays up to and including this value are not reported (the unit is the property’s own: milliseconds for classic activities, seconds for modern ones). 0 reports every positive literal delay.',
    }),
  },
  check(model, { options }) {
    const properties = new Set(options.delayProperties)
    const findings: RawFinding[] = []
    for (const literal of model.literals) {
      const owner = literal.owner
      if (owner === undefined || owner.kind !== 'activity' || !properties.has(literal.property)) continue
      const match = NUMBER.exec(literal.value)
      if (!match) continue
      const value = Number(match[1])
      // 0 switches a delay off: that is not a hardcoded wait.
      if (!(value > options.ignoreUpTo)) continue
      findings.push({
        ...findingAt(owner, `${literal.property} is hardcoded to ${match[1]}.`),
        line: literal.line,
        column: literal.column,
      })
    }
    return findings
  },
})
