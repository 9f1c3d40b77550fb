/**
 * FC-UIP-FRW-002 process-transaction-exception-handling: in Main.xaml, the Process Transaction
 * state does not catch both BusinessRuleException and System.Exception.
 * No UiPath Workflow Analyzer equivalent. Doc: docs/rules/FC-UIP-FRW-002.md.
 */
import type { XamlNode, XamlState } from '../../xaml/workflow-model.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { stringListOption, stringOption } from '../rule-options.js'
import { mainStateMachine, normalizeStateName } from '../support/reframework.js'

/** `UiPath.Core.BusinessRuleException` → `BusinessRuleException`. */
function simpleName(typeName: string): string {
  return typeName.slice(typeName.lastIndexOf('.') + 1)
}

/**
 * A caught type satisfies a required one when the names are equal; UiPath types also match by simple
 * name, because BusinessRuleException has lived in different assemblies and XML namespaces over
 * the years. System.Exception must be exactly System.Exception (a narrower catch does not do).
 */
function satisfies(caught: string, required: string): boolean {
  if (caught === required) return true
  return !required.startsWith('System.') && simpleName(caught) === simpleName(required)
}

/** True when `node` sits in the state's Entry (not in its transitions). */
function inEntry(node: XamlNode, state: XamlState): boolean {
  const entry = state.entry
  if (entry === undefined) return false
  for (let n: XamlNode | undefined = node; n !== undefined; n = n.parent) {
    if (n === entry) return true
    if (n === state.node) return false
  }
  return false
}

export const processTransactionExceptionHandlingRule = defineRule({
  ruleId: 'FC-UIP-FRW-002',
  name: 'process-transaction-exception-handling',
  category: 'framework',
  severity: 'high',
  description: 'Process Transaction lacks BusinessRuleException and System.Exception handling.',
  recommendation:
    'Wrap the Process Transaction work in a TryCatch that catches UiPath.Core.BusinessRuleException (business failure, no retry) and System.Exception (system failure, retry) and passes them to SetTransactionStatus, as the REFramework template does.',
  mirrors: [],
  appliesTo: ['Main.xaml'],
  options: {
    stateName: stringOption({
      default: 'Process Transaction',
      description: 'Display name of the state to check (compared like FC-UIP-FRW-001 compares state names).',
    }),
    requiredExceptionTypes: stringListOption({
      default: ['UiPath.Core.BusinessRuleException', 'System.Exception'],
      description: 'Full CLR names of the exception types the state must catch.',
    }),
  },
  check(model, { options }) {
    const machine = mainStateMachine(model)
    if (machine === undefined) return [] // FC-UIP-FRW-001 reports the missing state machine
    const wanted = normalizeStateName(options.stateName)
    const states = machine.states.filter((state) => normalizeStateName(state.displayName) === wanted)
    if (states.length === 0) return [] // FC-UIP-FRW-001 reports the missing state
    const findings: RawFinding[] = []
    for (const state of states) {
      const caught: string[] = []
      for (const tryCatch of model.tryCatches) {
        if (!inEntry(tryCatch.node, state)) continue
        for (const c of tryCatch.catches) caught.push(c.exceptionTypeName)
      }
      for (const required of options.requiredExceptionTypes) {
        if (!caught.some((type) => satisfies(type, required)))
          findings.push(findingAt(state.node, `No Catch of ${required} in the state's Entry.`))
      }
    }
    return findings
  },
})
