import type { FlowValue } from '../../power-automate/flow-model.js'
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
    const resolves = (target: string) => flow.actionsByName.has(target) || names.has(target.toLowerCase())
    // The unresolved references of each distinct text, worked out once: a third of the texts
    // repeat within a flow (the same `@body('Get_item')?['ID']` in many steps).
    const unresolvedByText = new Map<string, ReadonlyArray<{ name: string; target: string }>>()
    const findings: FlowRawFinding[] = []
    for (const value of flow.expressions) {
      const text = value.node.value
      let unresolved = unresolvedByText.get(text)
      if (unresolved === undefined) {
        unresolved = unresolvedReferences(value, resolves)
        unresolvedByText.set(text, unresolved)
      }
      for (const { name, target } of unresolved) {
        findings.push(
          findingAtValue(
            value,
            `${name}('${target}') in ${value.path}: no action is named ${target}.`,
            `${name}:${target}`,
          ),
        )
      }
    }
    return findings
  },
})

/** The calls of ACTION_FUNCTIONS in `value` whose literal action name does not resolve, in order. */
function unresolvedReferences(
  value: FlowValue,
  resolves: (target: string) => boolean,
): ReadonlyArray<{ name: string; target: string }> {
  // Parse only the strings that can hold such a call: the function's name and a `(` must be in
  // the text (the parse then decides; a name inside a string literal is no call).
  if (!MAY_CALL_ACTION.test(value.node.value)) return []
  const out: Array<{ name: string; target: string }> = []
  for (const call of callsOf(value)) {
    // Names are nearly always written in lower case: the set answers them without a copy.
    if (!ACTION_FUNCTIONS.has(call.name) && !ACTION_FUNCTIONS.has(call.name.toLowerCase())) continue
    const target = literalArgument(call, 0)
    if (target === undefined || resolves(target)) continue
    out.push({ name: call.name, target })
  }
  return out
}
