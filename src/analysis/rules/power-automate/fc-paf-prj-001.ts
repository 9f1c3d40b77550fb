import { defineFlowRule, type FlowRawFinding, findingAtStep } from '../../power-automate/flow-rule.js'
import { member, stringMember } from '../../power-automate/json-document.js'

export const missingChildFlowRule = defineFlowRule({
  ruleId: 'FC-PAF-PRJ-001',
  name: 'missing-child-flow',
  category: 'project',
  severity: 'high',
  description: 'A Run a Child Flow step calls a flow that is not in the solution.',
  recommendation:
    'Add the child flow to the same solution (child flows are called by their id inside the solution), or fix the step to call one that is.',
  check(flow, { submission }) {
    // Only a solution says which flows exist; a loose flow or a package cannot be judged.
    if (submission.kind !== 'solution') return []
    const findings: FlowRawFinding[] = []
    for (const action of flow.actions) {
      if (action.type.toLowerCase() !== 'workflow') continue
      const reference = stringMember(member(action.inputs, 'host'), 'workflowReferenceName')
      if (reference === undefined) {
        findings.push(findingAtStep(action, 'The step names no child flow (no host.workflowReferenceName).'))
        continue
      }
      if (reference.startsWith('@')) continue // chosen at run time
      const id = reference.replace(/[{}]/g, '').toLowerCase()
      if (!submission.workflowIds.has(id)) {
        findings.push(findingAtStep(action, `Child flow ${id} is not in the solution.`, id))
      }
    }
    return findings
  },
})
