/**
 * A per-model index the rules share: the model's activities by canonical type, built once on first
 * use (one WeakMap entry per model, not per node). Rules about a few activity types ask it first and
 * return at once when the file has none, instead of each walking every value or expression of the
 * file to find the few that belong to those activities.
 * Not a rule: it lives in support/ so the catalogue test ignores it.
 *
 * @module
 */
import type { WorkflowModel, XamlNode } from '../../xaml/workflow-model.js'

const BY_TYPE = new WeakMap<WorkflowModel, ReadonlyMap<string, readonly XamlNode[]>>()

/** The model's activities (`model.activities`) grouped by canonical type, in document order. */
export function activitiesByType(model: WorkflowModel): ReadonlyMap<string, readonly XamlNode[]> {
  let index = BY_TYPE.get(model)
  if (index === undefined) {
    const built = new Map<string, XamlNode[]>()
    for (const activity of model.activities) {
      const list = built.get(activity.type)
      if (list === undefined) built.set(activity.type, [activity])
      else list.push(activity)
    }
    index = built
    BY_TYPE.set(model, index)
  }
  return index
}

/** Whether the model has an activity of one of `types` (canonical types). */
export function hasActivityOfType(model: WorkflowModel, types: Iterable<string>): boolean {
  const index = activitiesByType(model)
  for (const type of types) if (index.has(type)) return true
  return false
}
