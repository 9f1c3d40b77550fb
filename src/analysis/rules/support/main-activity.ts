/**
 * The workflow's main activity and the activities of its designer tree, for rules that must not
 * look at activities used as *values* (a `<Literal>` in an argument default, for instance).
 * Not a rule: it lives in support/ so the catalogue test ignores it.
 *
 * Why not `model.rootActivity`: the reader takes the first activity child of the root `Activity`,
 * and a workflow that sets an argument default with an element (`<this:Main.in_Folder><InArgument>
 * <Literal … /></InArgument></this:Main.in_Folder>`, as the REFramework's Main.xaml and
 * TakeScreenshot.xaml do) gets that `Literal` as its "root activity". The main activity is the
 * activity written directly in the root's content, not inside a property element.
 *
 * @module
 */
import type { WorkflowModel, XamlNode } from '../../xaml/workflow-model.js'

/**
 * The activity the designer shows as the workflow (Sequence, Flowchart, StateMachine, TryCatch…),
 * or undefined for a workflow without one. A bare activity used as the root element is its own main
 * activity.
 */
export function mainActivity(model: WorkflowModel): XamlNode | undefined {
  if (model.root.kind === 'activity') return model.root
  for (const child of model.root.childNodes) {
    if (child.kind === 'activity' && child.inProperty === undefined) return child
  }
  return undefined
}

/**
 * Calls `fn` for the main activity and every activity below it in the activity tree, in document
 * order (iterative: no recursion limit on deep files). Return `false` from `fn` to skip the
 * activity's subtree (e.g. the body of a Comment Out, which never runs).
 */
export function walkMainActivities(model: WorkflowModel, fn: (activity: XamlNode) => unknown): void {
  const main = mainActivity(model)
  if (main === undefined) return
  const stack: XamlNode[] = [main]
  while (stack.length > 0) {
    const activity = stack.pop() as XamlNode
    if (fn(activity) === false) continue
    const children = activity.children
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as XamlNode)
  }
}
