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

/** The two state names only the REFramework uses ("Initialization" and "End Process" are generic). */
const TRANSACTION_STATES: readonly string[] = [REFRAMEWORK_STATES[1] ?? '', REFRAMEWORK_STATES[2] ?? ''].map(
  normalizeStateName,
)

/**
 * Whether a workflow analysed on its own (no project around it) is part of a REFramework, so that
 * the framework rules may judge it. A project is told by its state machine
 * (project/reframework-shape.ts); a lone file has only itself and its path:
 * - its main activity is a StateMachine with a "Get Transaction Data" or "Process Transaction"
 *   state (the REFramework's Main.xaml, even with another state renamed or missing, which
 *   FC-UIP-FRW-001 then reports); or
 * - it sits in the template's `Framework/` folder (`Framework/InitAllSettings.xaml`): the path is
 *   all a lone framework workflow shows.
 * A Main.xaml that is a Sequence, a Flowchart or some other state machine is not a REFramework,
 * and the framework rules leave it alone.
 */
export function showsReframework(model: WorkflowModel, relativePath: string): boolean {
  if (/^framework\//i.test(relativePath)) return true
  const machine = mainStateMachine(model)
  if (machine === undefined) return false
  return machine.states.some((state) => TRANSACTION_STATES.includes(normalizeStateName(state.displayName)))
}
