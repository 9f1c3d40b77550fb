/**
 * REFramework knowledge shared by the framework rules (FC-UIP-FRW-*): how state names are compared
 * and which StateMachine is "the" machine of Main.xaml.
 *
 * @module
 */
import { XAML_NS } from '../../xaml/index.js'
import type { WorkflowModel, XamlNode, XamlStateMachine } from '../../xaml/workflow-model.js'

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
 * The workflow's main activity: the first activity written directly in the root `Activity` element.
 * Works around `model.rootActivity`, which can pick an activity-like value from an argument default
 * (`<this:Main.in_Arg><InArgument><Literal …/></InArgument></this:Main.in_Arg>` makes it `Literal`,
 * as in the corpus's ReFramework_WorkflowAnalyzer/Main.xaml).
 */
export function mainActivity(model: WorkflowModel): XamlNode | undefined {
  for (const child of model.root.childNodes) {
    if (child.kind === 'activity' && child.inProperty === undefined) return child
  }
  return model.rootActivity
}

/**
 * The workflow's main StateMachine: the main activity when it is one (the REFramework layout),
 * otherwise undefined.
 */
export function mainStateMachine(model: WorkflowModel): XamlStateMachine | undefined {
  const root = mainActivity(model)
  if (root === undefined || root.localName !== 'StateMachine' || root.namespaceUri !== XAML_NS.activities)
    return undefined
  return model.stateMachines.find((machine) => machine.node === root)
}
