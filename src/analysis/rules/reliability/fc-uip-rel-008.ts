/**
 * FC-UIP-REL-008 simulated-input: a classic UI activity with Simulate Click or Simulate Type
 * selected. Simulated input is fast and works in the background, but some applications ignore
 * it (the click or the text silently has no effect): each use is listed for a check against the
 * target application.
 * Mirrors UiPath Workflow Analyzer UI-PRR-001 (Simulate Click) and UI-PRR-002 (Simulate Type).
 * Doc: docs/rules/FC-UIP-REL-008.md.
 */
import { XAML_NS } from '../../xaml/index.js'
import { isTrueAttr } from '../../xaml/model-queries.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'

const PROPERTIES = ['SimulateClick', 'SimulateType'] as const

export const simulatedInputRule = defineRule({
  ruleId: 'FC-UIP-REL-008',
  name: 'simulated-input',
  category: 'reliability',
  severity: 'low',
  description: 'Classic UI activity uses simulated input (Simulate Click or Simulate Type).',
  recommendation:
    'Check that the target application reacts to simulated input (verify the result, e.g. with Element Exists or Get Text after the action); where it does not, use Send Window Messages or hardware events.',
  mirrors: ['UI-PRR-001', 'UI-PRR-002'],
  check(model) {
    const findings: RawFinding[] = []
    for (const activity of model.activities) {
      if (activity.namespaceUri !== XAML_NS.ui) continue
      for (const property of PROPERTIES) {
        if (isTrueAttr(activity, property)) findings.push(findingAt(activity, `${property} is True.`))
      }
    }
    return findings
  },
})
