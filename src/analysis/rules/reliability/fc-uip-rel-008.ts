/**
 * FC-UIP-REL-008 simulated-input: a classic UI activity with Simulate Click or Simulate Type
 * selected on a desktop target. Simulated input is fast and works in the background, but some
 * desktop applications ignore it (the click or the text silently has no effect): each use is
 * listed for a check against the target application. Web targets (`<html>`, `<webctrl>`), where
 * browsers support simulated input and UiPath recommends it, are left out unless asked for.
 * Mirrors UiPath Workflow Analyzer UI-PRR-001 (Simulate Click) and UI-PRR-002 (Simulate Type).
 * Doc: docs/rules/FC-UIP-REL-008.md.
 */
import { XAML_NS } from '../../xaml/index.js'
import { isTrueAttr } from '../../xaml/model-queries.js'
import type { XamlNode } from '../../xaml/workflow-model.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { booleanOption } from '../rule-options.js'

const PROPERTIES = ['SimulateClick', 'SimulateType'] as const
const WEB_ELEMENT = /<\s*(html|webctrl)\b/i

export const simulatedInputRule = defineRule({
  ruleId: 'FC-UIP-REL-008',
  name: 'simulated-input',
  category: 'reliability',
  severity: 'low',
  description:
    'Classic UI activity uses simulated input (Simulate Click or Simulate Type) on a desktop target.',
  recommendation:
    'Check that the target application reacts to simulated input (verify the result, e.g. with Element Exists or Get Text after the action); where it does not, use Send Window Messages or hardware events.',
  mirrors: ['UI-PRR-001', 'UI-PRR-002'],
  options: {
    includeWebTargets: booleanOption({
      default: false,
      description:
        'Also list activities whose selector targets a web page (`<html>`, `<webctrl>`), as UiPath does; by default only desktop targets are listed.',
    }),
  },
  check(model, { options }) {
    // The selectors of each activity: web when any of them names a web element.
    const target = new Map<XamlNode, 'web' | 'desktop'>()
    for (const selector of model.selectors) {
      if (selector.activity === undefined) continue
      const kind = WEB_ELEMENT.test(selector.text) ? 'web' : 'desktop'
      if (target.get(selector.activity) !== 'web') target.set(selector.activity, kind)
    }
    const findings: RawFinding[] = []
    for (const activity of model.activities) {
      if (activity.namespaceUri !== XAML_NS.ui) continue
      const kind = target.get(activity)
      // No selector (an element from a variable): the target is unknown, nothing to check against.
      if (kind === undefined || (kind === 'web' && !options.includeWebTargets)) continue
      for (const property of PROPERTIES) {
        if (isTrueAttr(activity, property))
          findings.push(findingAt(activity, `${property} is True on a ${kind} target.`))
      }
    }
    return findings
  },
})
