import type { FlowAction } from '../../power-automate/flow-model.js'
import { defineFlowRule, type FlowRawFinding, findingAtStep } from '../../power-automate/flow-rule.js'
import { integerOption } from '../rule-options.js'

function below(action: FlowAction): FlowAction[] {
  return action.children.flatMap((child) => [child, ...below(child)])
}

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
      max: 8,
      description:
        'Deepest allowed action, counting a top-level action as 1 (the platform refuses more than 8 nested containers, depth 9).',
    }),
  },
  check(flow, { options }) {
    const findings: FlowRawFinding[] = []
    // One finding per container at the limit whose contents go deeper: the container is what a
    // reviewer restructures, and its nested actions are the same problem.
    for (const action of flow.actions) {
      if (action.depth !== options.maxDepth || action.children.length === 0) continue
      const nested = below(action)
      const deepest = Math.max(...nested.map((child) => child.depth))
      findings.push(
        findingAtStep(
          action,
          `${nested.length} action${nested.length === 1 ? '' : 's'} inside go down to depth ${deepest}; the limit is ${options.maxDepth}.`,
        ),
      )
    }
    return findings
  },
})
