import { integerOption } from '../../rules/rule-options.js'
import { defineFlowRule, type FlowRawFinding, findingAtStep } from '../flow-rule.js'

export const deepNestingRule = defineFlowRule({
  ruleId: 'FC-PAF-MNT-001',
  name: 'deep-nesting',
  category: 'maintainability',
  severity: 'low',
  description: 'Actions are nested deeper than the limit.',
  recommendation:
    'Flatten the flow: end branches early with Terminate, move deep branches into a child flow, or replace nested conditions with a Switch.',
  options: {
    maxDepth: integerOption({
      default: 6,
      min: 1,
      max: 9,
      description: 'Deepest allowed action, counting a top-level action as 1 (the platform allows 9: 8 nested containers).',
    }),
  },
  check(flow, { options }) {
    const findings: FlowRawFinding[] = []
    // Only the first action past the limit on each path: its children are the same problem.
    for (const action of flow.actions) {
      if (action.depth !== options.maxDepth + 1) continue
      const deepest = Math.max(action.depth, ...deepestUnder(action))
      findings.push(findingAtStep(action, `At depth ${action.depth}${deepest > action.depth ? ` (down to ${deepest})` : ''}; the limit is ${options.maxDepth}.`))
    }
    return findings
  },
})

function deepestUnder(action: { readonly depth: number; readonly children: readonly { readonly depth: number; readonly children: readonly unknown[] }[] }): number[] {
  return action.children.flatMap((child) => [child.depth, ...deepestUnder(child as typeof action)])
}
