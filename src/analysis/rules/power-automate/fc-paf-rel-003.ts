import type { FlowAction, FlowTrigger } from '../../power-automate/flow-model.js'
import { defineFlowRule, type FlowRawFinding, findingAtStep } from '../../power-automate/flow-rule.js'
import { isHttpAction, methodOf } from './support/flow-values.js'

/**
 * Triggers a person starts (a button, Power Apps, "for a selected item"): one run per click, so
 * overlapping runs are the user's doing, not an event storm.
 */
const INSTANT_KINDS = new Set(['button', 'powerapp', 'powerappv2', 'apiconnection', 'skills', 'virtualagent'])

/** Connector operations that change data, by the verb their id starts with. */
const WRITE_OPERATION =
  /^(post|create|add|update|patch|put|delete|remove|set|move|copy|upsert|insert|perform)/i
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function isAutomated(trigger: FlowTrigger): boolean {
  const type = trigger.type.toLowerCase()
  if (type === 'recurrence') return false // runs start on a clock, one after another in practice
  if (type === 'request') return !INSTANT_KINDS.has((trigger.kind ?? '').toLowerCase())
  return true
}

function writes(action: FlowAction): boolean {
  if (action.connector?.operationId !== undefined) return WRITE_OPERATION.test(action.connector.operationId)
  const method = methodOf(action)
  if ((isHttpAction(action) || action.connector !== undefined) && method !== undefined)
    return WRITE_METHODS.has(method)
  return false
}

export const triggerConcurrencyRule = defineFlowRule({
  ruleId: 'FC-PAF-REL-003',
  name: 'trigger-concurrency',
  category: 'reliability',
  severity: 'low',
  description:
    'An automated trigger runs in parallel without concurrency control while the flow writes data.',
  recommendation:
    'Turn on concurrency control on the trigger (runtimeConfiguration.concurrency.runs; 1 for strict order) or make the writes safe to run at the same time.',
  check(flow) {
    const write = flow.actions.find(writes)
    if (write === undefined) return []
    const findings: FlowRawFinding[] = []
    for (const trigger of flow.triggers) {
      if (!isAutomated(trigger) || trigger.runtime.concurrencyRuns !== undefined) continue
      const what = write.connector?.operationId ?? methodOf(write) ?? write.type
      findings.push(
        findingAtStep(
          trigger,
          `Runs start in parallel (up to the platform's default) and ${write.name} writes (${what}).`,
          write.name,
        ),
      )
    }
    return findings
  },
})
