/**
 * The activities of the workflow's designer tree — `model.rootActivity` and everything below it —
 * for rules that must not look at activities used as *values* (a `<Literal>` in an argument
 * default, for instance, which `model.activities` also lists).
 * Not a rule: it lives in support/ so the catalogue test ignores it.
 *
 * @module
 */
import type { WorkflowModel, XamlNode } from '../../xaml/workflow-model.js'

/**
 * Calls `fn` for the main activity and every activity below it in the activity tree, in document
 * order (iterative: no recursion limit on deep files). Return `false` from `fn` to skip the
 * activity's subtree (e.g. the body of a Comment Out, which never runs).
 */
export function walkMainActivities(model: WorkflowModel, fn: (activity: XamlNode) => unknown): void {
  const main = model.rootActivity
  if (main === undefined) return
  const stack: XamlNode[] = [main]
  while (stack.length > 0) {
    const activity = stack.pop() as XamlNode
    if (fn(activity) === false) continue
    const children = activity.children
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as XamlNode)
  }
}
