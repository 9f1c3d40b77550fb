/**
 * Small, allocation-light queries over a {@link WorkflowModel} for policy rules: walk the activity
 * tree, find activities by local name (prefix-independent), read attributes, test emptiness.
 *
 * @module
 */
import type {
  WorkflowModel,
  XamlExpression,
  XamlLiteral,
  XamlMarkup,
  XamlNode,
  XamlPropertyValue,
} from './workflow-model.js'
import { XAML_NS } from './xaml-names.js'

/** Container activities that are "empty" when they hold no activity (see {@link isEmptyContainer}). */
export const CONTAINER_TYPES: ReadonlySet<string> = new Set([
  'Sequence',
  'Parallel',
  'Flowchart',
  'StateMachine',
])

/**
 * Calls `fn` for every activity (kind `activity`) in document order, with its activity depth.
 * Return `false` from `fn` to skip the activity's subtree.
 */
export function walkActivities(
  model: WorkflowModel,
  fn: (activity: XamlNode, depth: number) => unknown,
): void {
  const start = model.root.kind === 'activity' ? [model.root] : model.root.children
  const stack: XamlNode[] = []
  for (let i = start.length - 1; i >= 0; i--) stack.push(start[i] as XamlNode)
  while (stack.length > 0) {
    const a = stack.pop() as XamlNode
    if (fn(a, a.depth) === false) continue
    const ch = a.children
    for (let i = ch.length - 1; i >= 0; i--) stack.push(ch[i] as XamlNode)
  }
}

/**
 * True for an activity written as the value of an In/Out argument (`<InArgument><Literal … />
 * </InArgument>`): Workflow Foundation's way to write an expression as an object. It computes a value
 * for its owner's property; it is not a step of the workflow.
 */
export function isArgumentValue(activity: XamlNode): boolean {
  return activity.parent?.kind === 'argument'
}

/** Calls `fn` for every object node of any kind, in document order. */
export function walkNodes(model: WorkflowModel, fn: (node: XamlNode) => void): void {
  for (const n of model.nodes) fn(n)
}

/**
 * Activities with this local name (`TypeInto`, `Sequence`, `InvokeWorkflowFile`), in document order;
 * pass `namespaceUri` (e.g. {@link XAML_NS}.ui) to be strict about the namespace.
 */
export function findActivities(model: WorkflowModel, localName: string, namespaceUri?: string): XamlNode[] {
  const out: XamlNode[] = []
  for (const a of model.activities) {
    if (a.localName === localName && (namespaceUri === undefined || a.namespaceUri === namespaceUri))
      out.push(a)
  }
  return out
}

/** Nodes of any kind with this local name (`State`, `FlowDecision`, `Catch`, `Target`). */
export function findNodes(model: WorkflowModel, localName: string, namespaceUri?: string): XamlNode[] {
  const out: XamlNode[] = []
  for (const n of model.nodes) {
    if (n.localName === localName && (namespaceUri === undefined || n.namespaceUri === namespaceUri))
      out.push(n)
  }
  return out
}

/** Attribute value by key (`ContinueOnError`, `Text`, `x:Name`), or undefined. */
export function attr(node: XamlNode, name: string): string | undefined {
  return node.attributes.get(name)?.value
}

/** True when an attribute holds `True` (case-insensitive), as XAML booleans are written. */
export function isTrueAttr(node: XamlNode, name: string): boolean {
  return node.attributes.get(name)?.value.trim().toLowerCase() === 'true'
}

/**
 * True when `node` is a container activity ({@link CONTAINER_TYPES} in the activities namespace) that
 * holds nothing: a Sequence/Parallel with no activity, a Flowchart with no flow node, a StateMachine
 * with no state.
 */
export function isEmptyContainer(node: XamlNode): boolean {
  if (node.namespaceUri !== XAML_NS.activities || !CONTAINER_TYPES.has(node.localName)) return false
  if (node.localName === 'Flowchart') {
    return !node.childNodes.some((c) => c.kind === 'flowNode' || c.kind === 'reference')
  }
  if (node.localName === 'StateMachine') {
    return !node.childNodes.some((c) => c.kind === 'state' || c.kind === 'reference')
  }
  return node.children.length === 0
}

/** Ancestors of a node, nearest first (any kind). */
export function ancestors(node: XamlNode): XamlNode[] {
  const out: XamlNode[] = []
  for (let p = node.parent; p !== undefined; p = p.parent) out.push(p)
  return out
}

/** Activity ancestors of an activity, nearest first. */
export function activityAncestors(node: XamlNode): XamlNode[] {
  const out: XamlNode[] = []
  for (let p = node.parentActivity; p !== undefined; p = p.parentActivity) out.push(p)
  return out
}

/** A readable path of the activity (`Main Sequence > Try > Log Message`) from DisplayNames or types. */
export function activityPath(node: XamlNode): string {
  const parts: string[] = []
  for (let n: XamlNode | undefined = node; n !== undefined; n = n.parentActivity)
    parts.push(n.displayName ?? n.type)
  return parts.reverse().join(' > ')
}

/** Per model, its property values grouped by owner (built once, on first use). */
const VALUES_BY_OWNER = new WeakMap<WorkflowModel, Map<XamlNode, XamlPropertyValue[]>>()

function valuesByOwner(model: WorkflowModel): Map<XamlNode, XamlPropertyValue[]> {
  let byOwner = VALUES_BY_OWNER.get(model)
  if (byOwner !== undefined) return byOwner
  byOwner = new Map()
  const add = (owner: XamlNode | undefined, value: XamlPropertyValue): void => {
    if (owner === undefined) return
    const list = byOwner?.get(owner)
    if (list === undefined) byOwner?.set(owner, [value])
    else list.push(value)
  }
  for (const expression of model.expressions) add(expression.owner, expressionValue(expression))
  for (const literal of model.literals) add(literal.owner, literalValue(literal))
  for (const markup of model.markups) add(markup.owner, markupValue(markup))
  for (const list of byOwner.values()) list.sort((a, b) => a.line - b.line || a.column - b.column)
  VALUES_BY_OWNER.set(model, byOwner)
  return byOwner
}

function expressionValue(expression: XamlExpression): XamlPropertyValue {
  const { property, key, line, column } = expression
  return { kind: 'expression', property: property ?? '', key, expression, line, column }
}

function literalValue(literal: XamlLiteral): XamlPropertyValue {
  const { property, key, line, column } = literal
  return { kind: 'literal', property, key, literal, line, column }
}

function markupValue(markup: XamlMarkup): XamlPropertyValue {
  const { property, key, line, column } = markup
  return { kind: 'markup', property: property ?? '', key, markup, line, column }
}

/**
 * Everything written for the properties of `node` (an activity, flow node, transition, catch or
 * variable: the model's "owners"), in source order, in whichever form UiPath stored it:
 * - `expression`: `Message="[x]"`, `<InArgument>[x]</InArgument>`, `<Assign.To><OutArgument>[x]
 *   </OutArgument></Assign.To>`, `<mva:VisualBasicValue ExpressionText="x" />`,
 *   `<mva:VisualBasicReference …>`, `<CSharpValue>x</CSharpValue>` (prefixed or not: matched by local
 *   name + namespace URI); `expression.role` is `reference` for the l-value forms;
 * - `literal`: `Text="hello"`, `<InArgument x:TypeArguments="x:String">hello</InArgument>`;
 *   `literal.flag` tells a setting (`IsPassword="True"`, `Operator="Equality"`) from data;
 * - `markup`: `{x:Null}`, `{x:Static …}`, `{x:Reference …}`, `<x:Null />`: *not a value*.
 * Values inside wrappers (arguments, dictionaries of InvokeWorkflowFile arguments) count for the
 * owner, with `property` the member (`To`, `Value`, `Arguments`) and `key` the `x:Key`.
 * Indexed on first use per model; later calls are map lookups.
 */
export function propertyValues(model: WorkflowModel, node: XamlNode): readonly XamlPropertyValue[] {
  return valuesByOwner(model).get(node) ?? []
}

/**
 * The value written for one property of `node` (`Value`, `To`, `Text`), or for one keyed entry
 * (`propertyValue(model, invoke, 'Arguments', 'in_Config')`); the first in source order, undefined when the
 * property is not written. A markup result (`{x:Null}`) means "explicitly not set".
 */
export function propertyValue(
  model: WorkflowModel,
  node: XamlNode,
  property: string,
  key?: string,
): XamlPropertyValue | undefined {
  for (const value of propertyValues(model, node)) {
    if (value.property === property && (key === undefined || value.key === key)) return value
  }
  return undefined
}

/** Expressions owned by a node (attribute, text or element form), in source order. */
export function expressionsOf(model: WorkflowModel, node: XamlNode): WorkflowModel['expressions'] {
  const out: XamlExpression[] = []
  for (const value of propertyValues(model, node)) if (value.kind === 'expression') out.push(value.expression)
  return out
}

/** Literals owned by a node, in source order (flags included: check `literal.flag`). */
export function literalsOf(model: WorkflowModel, node: XamlNode): WorkflowModel['literals'] {
  const out: XamlLiteral[] = []
  for (const value of propertyValues(model, node)) if (value.kind === 'literal') out.push(value.literal)
  return out
}
