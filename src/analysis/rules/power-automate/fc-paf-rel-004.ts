import { defineFlowRule, type FlowRawFinding, findingAtValue } from '../../power-automate/flow-rule.js'
import { literalArgument } from '../../power-automate/workflow-expression.js'
import { callsOf } from './support/flow-values.js'

/** Functions whose first argument names an action of the same flow. */
const ACTION_FUNCTIONS = new Set([
  'actions',
  'body',
  'outputs',
  'result',
  'items',
  'iterationindexes',
  'actionbody',
  'actionoutputs',
])

/** Text that may call one of ACTION_FUNCTIONS (a superset: a name, spaces, a parenthesis). */
const MAY_CALL_ACTION = /(?:actions|body|outputs|result|items|iterationindexes)\s*\(/i

export const unresolvedActionReferenceRule = defineFlowRule({
  ruleId: 'FC-PAF-REL-004',
  name: 'unresolved-action-reference',
  category: 'reliability',
  severity: 'high',
  description: 'An expression reads the result of an action that the flow does not have.',
  recommendation:
    'Point the expression at an existing action (names use _ for spaces), or restore the action it was written for.',
  check(flow) {
    // Action names are matched case-insensitively, as the runtime does.
    const names = new Set<string>()
    for (const name of flow.actionsByName.keys()) names.add(name.toLowerCase())
    const findings: FlowRawFinding[] = []
    for (const value of flow.expressions) {
      // Parse only the strings that can hold such a call: the function's name and a `(` must be
      // in the text (the parse then decides; a name inside a string literal is no call).
      if (!MAY_CALL_ACTION.test(value.node.value)) continue
      for (const call of callsOf(value)) {
        const fn = call.name.toLowerCase()
        if (!ACTION_FUNCTIONS.has(fn)) continue
        const target = literalArgument(call, 0)
        if (target === undefined || names.has(target.toLowerCase())) continue
        findings.push(
          findingAtValue(
            value,
            `${call.name}('${target}') in ${value.path}: no action is named ${target}.`,
            `${call.name}:${target}`,
          ),
        )
      }
    }
    return findings
  },
})
