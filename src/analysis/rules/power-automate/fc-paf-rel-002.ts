import { defineFlowRule, type FlowRawFinding, findingAtStep } from '../../power-automate/flow-rule.js'

export const untilWithoutLimitRule = defineFlowRule({
  ruleId: 'FC-PAF-REL-002',
  name: 'until-without-limit',
  category: 'reliability',
  severity: 'medium',
  description: 'A Do until loop has no limit of its own.',
  recommendation:
    'Give the loop a limit with a count and a timeout that fit the work, and handle the case where the limit ends it.',
  check(flow) {
    const findings: FlowRawFinding[] = []
    for (const action of flow.actions) {
      if (action.type.toLowerCase() !== 'until') continue
      const limit = action.limit
      if (limit === undefined)
        findings.push(
          findingAtStep(
            action,
            'No limit: the loop runs until the platform stops it (60 iterations or one hour by default, up to 5,000 and 30 days).',
          ),
        )
      else if (limit.count === undefined && limit.timeout === undefined)
        findings.push(findingAtStep(action, 'The limit sets neither a count nor a timeout.'))
    }
    return findings
  },
})
