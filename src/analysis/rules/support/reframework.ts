/**
 * REFramework knowledge shared by the framework rules (FC-UIP-FRW-*): how state names are compared
 * and which StateMachine is "the" machine of Main.xaml.
 *
 * @module
 */
import { XAML_NS } from '../../xaml/index.js'
import type { WorkflowModel, XamlStateMachine } from '../../xaml/workflow-model.js'

/** The four states of the REFramework's Main.xaml, as the template names them. */
export const REFRAMEWORK_STATES: readonly string[] = Object.freeze([
  'Initialization',
  'Get Transaction Data',
  'Process Transaction',
  'End Process',
])

/**
 * A state name reduced for comparison: case, whitespace, `_`/`-` and a trailing "State" are ignored,
 * so `Process Transaction`, `process_transaction` and `ProcessTransaction State` are the same state.
 */
export function normalizeStateName(name: string | undefined): string {
  return (name ?? '')
    .toLowerCase()
    .replace(/[\s_-]+/g, '')
    .replace(/state$/, '')
}

/**
 * The workflow's main StateMachine: the main activity when it is one (the REFramework layout),
 * otherwise undefined.
 */
export function mainStateMachine(model: WorkflowModel): XamlStateMachine | undefined {
  const root = model.rootActivity
  if (root === undefined || root.localName !== 'StateMachine' || root.namespaceUri !== XAML_NS.activities)
    return undefined
  return model.stateMachines.find((machine) => machine.node === root)
}
