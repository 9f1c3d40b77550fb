import type { FlowAction } from '../../power-automate/flow-model.js'
import { defineFlowRule, findingOnFlow } from '../../power-automate/flow-rule.js'

/** Statuses a handler runs after: the step before it failed or timed out. */
const FAILURE_STATUSES = new Set(['failed', 'timedout'])

/** Steps that call something outside the flow and can fail for reasons the flow does not control. */
function callsOut(action: FlowAction): boolean {
  return (
    action.connector !== undefined ||
    /^(http|httpwebhook|workflow|function|apimanagement)$/i.test(action.type)
  )
}

export const noErrorHandlingRule = defineFlowRule({
  ruleId: 'FC-PAF-ERR-001',
  name: 'no-error-handling',
  category: 'error_handling',
  severity: 'medium',
  description: 'The flow calls connectors or services but nothing runs when a step fails.',
  recommendation:
    'Put the work in a Scope (Try) and add a Scope (Catch) that runs after it has failed or timed out, to log, notify and end the run with Terminate (Failed).',
  check(flow) {
    const calls = flow.actions.filter(callsOut)
    if (calls.length === 0) return []
    const handled = flow.actions.some((action) =>
      action.runAfter.some((edge) =>
        edge.statuses.some((status) => FAILURE_STATUSES.has(status.toLowerCase())),
      ),
    )
    if (handled) return []
    return [
      findingOnFlow(
        flow,
        `${calls.length} call${calls.length === 1 ? '' : 's'} to connectors or services (first: ${calls[0]?.name}) and no action runs after a failure or time-out.`,
      ),
    ]
  },
})
