/**
 * Groups of activities that several rules recognise by their local name (prefix- and
 * namespace-independent, as packages move activities between namespaces over versions): the
 * persistence "… and Resume" activities, For Each loops, database and HTTP activities. Not a
 * rule: it lives in support/ so the catalogue test ignores it.
 *
 * @module
 */
import { activityAncestors } from '../../xaml/model-queries.js'
import type { WorkflowModel, XamlNode } from '../../xaml/workflow-model.js'

/**
 * Persistence activities (UiPath.Persistence.Activities) that suspend the job until something
 * happens: Resume After Delay and every "Wait for … and Resume" (form task, external task, job,
 * queue item, document validation/classification action…).
 */
export function isPersistenceActivity(node: XamlNode): boolean {
  return node.localName === 'ResumeAfterDelay' || /^WaitFor\w+AndResume$/.test(node.localName)
}

/** The persistence activities of a workflow, in document order. */
export function persistenceActivities(model: WorkflowModel): XamlNode[] {
  return model.activities.filter(isPersistenceActivity)
}

/**
 * Sequential For Each loops: Workflow Foundation's and UiPath's `ForEach`, and For Each Row.
 * `ParallelForEach` is left out on purpose (it is what persistence recommends instead).
 */
export function isSequentialForEach(node: XamlNode): boolean {
  return node.localName === 'ForEach' || node.localName === 'ForEachRow'
}

/** The nearest activity ancestor for which `test` holds, if any. */
export function nearestAncestor(node: XamlNode, test: (ancestor: XamlNode) => boolean): XamlNode | undefined {
  return activityAncestors(node).find(test)
}
