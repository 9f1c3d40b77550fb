/**
 * Second, linear step of the reader: turns what the streaming pass collected into the
 * {@link WorkflowModel} — workflow language, arguments, variables, TryCatches, invoked workflows,
 * Flowchart graphs (with `x:Reference` links resolved and reachability) and StateMachines.
 * Internal to `src/analysis/xaml/`.
 *
 * @module
 */

import { isEmptyContainer } from './model-queries.js'
import type { NodeBuilder, ParseState } from './parse-state.js'
import type {
  ExpressionLanguage,
  NodeKind,
  WorkflowModel,
  XamlArgument,
  XamlCatch,
  XamlExpression,
  XamlFlowchart,
  XamlFlowNode,
  XamlInvokedWorkflow,
  XamlLiteral,
  XamlNode,
  XamlSkipped,
  XamlState,
  XamlStateMachine,
  XamlTransition,
  XamlTryCatch,
  XamlValue,
  XamlVariable,
} from './workflow-model.js'
import { XamlError } from './xaml-error.js'
import { foreignWorkflowHost, referenceMarkupName, splitArgumentType, XAML_NS } from './xaml-names.js'

function propertyValue(
  owner: NodeBuilder,
  property: string,
  expressionsByOwner: Map<NodeBuilder, XamlExpression[]>,
  literalsByOwner: Map<NodeBuilder, XamlLiteral[]>,
): XamlValue | undefined {
  const expression = expressionsByOwner.get(owner)?.find((candidate) => candidate.property === property)
  if (expression !== undefined) {
    return { kind: 'expression', expression, line: expression.line, column: expression.column }
  }
  const literal = literalsByOwner.get(owner)?.find((candidate) => candidate.property === property)
  if (literal !== undefined)
    return { kind: 'literal', text: literal.value, line: literal.line, column: literal.column }
  return undefined
}

function groupByOwner<T extends { owner: XamlNode | undefined }>(items: readonly T[]): Map<NodeBuilder, T[]> {
  const map = new Map<NodeBuilder, T[]>()
  for (const item of items) {
    const owner = item.owner as NodeBuilder | undefined
    if (owner === undefined) continue
    const list = map.get(owner)
    if (list === undefined) map.set(owner, [item])
    else list.push(item)
  }
  return map
}

/** First activity held by a property: the value itself, or the first activity below it. */
function firstActivity(node: NodeBuilder, property: string): NodeBuilder | undefined {
  const propertyElement = node.properties.get(property)
  if (propertyElement === undefined) return undefined
  for (const value of propertyElement.values) {
    if (value.kind === 'activity') return value
    const firstChild = value.children[0]
    if (firstChild !== undefined) return firstChild
  }
  return undefined
}

/**
 * The nodes of `kind` below `container` that are not inside one of its activities (a FlowStep's
 * action, a State's Entry are activities), in document order: a Flowchart's flow nodes, a
 * StateMachine's states.
 */
function nodesOutsideActivities(container: NodeBuilder, kind: NodeKind): NodeBuilder[] {
  const found: NodeBuilder[] = []
  const todo: NodeBuilder[] = [...container.childNodes]
  while (todo.length > 0) {
    const node = todo.pop() as NodeBuilder
    if (node.kind === 'activity') continue
    if (node.kind === kind) found.push(node)
    for (const child of node.childNodes) todo.push(child)
  }
  return found.sort((a, b) => a.index - b.index)
}

/** `x:Name`d nodes and the three ways XAML links to one. */
interface References {
  /** The node itself, or the node an `<x:Reference>` element names. */
  resolve(node: NodeBuilder): NodeBuilder | undefined
  /** The node an attribute's `{x:Reference Name}` names. */
  fromAttribute(node: NodeBuilder, attribute: string): NodeBuilder | undefined
  /** What a link property names: the node written in its property element, else its attribute's reference. */
  linked(owner: NodeBuilder, property: string): NodeBuilder | undefined
}

function referencesOf(nodes: readonly NodeBuilder[]): {
  named: Map<string, NodeBuilder>
  references: References
} {
  const named = new Map<string, NodeBuilder>()
  for (const node of nodes) if (node.name !== undefined && !named.has(node.name)) named.set(node.name, node)
  const references: References = {
    resolve(node) {
      if (node.kind !== 'reference') return node
      const name = node.text ?? node.attributes.get('Name')?.value
      return name === undefined ? undefined : named.get(name.trim())
    },
    fromAttribute(node, attribute) {
      const value = node.attributes.get(attribute)?.value
      const name = value === undefined ? undefined : referenceMarkupName(value)
      return name === undefined ? undefined : named.get(name)
    },
    linked(owner, property) {
      const written = owner.properties.get(property)?.values[0]
      const target = written === undefined ? undefined : references.resolve(written)
      return target ?? references.fromAttribute(owner, property)
    },
  }
  return { named, references }
}

/** Builds the final model from the streaming pass. */
export function finishModel(state: ParseState): WorkflowModel {
  const nodes = state.nodes
  const root = nodes[0] as NodeBuilder
  const language: ExpressionLanguage = state.declaredLanguage ?? (state.sawCSharp ? 'CSharp' : 'VisualBasic')
  for (const expression of state.bracketExpressions) expression.language = language

  const { named, references } = referencesOf(nodes)
  const expressionsByOwner = groupByOwner(state.expressions)
  const literalsByOwner = groupByOwner(state.literals)

  const activities: NodeBuilder[] = []
  const variables: XamlVariable[] = []
  const args: XamlArgument[] = []
  const tryCatches: XamlTryCatch[] = []
  const invoked: XamlInvokedWorkflow[] = []
  const flowchartNodes: NodeBuilder[] = []
  const stateMachineNodes: NodeBuilder[] = []
  const className = root.attributes.get('x:Class')?.value
  const skippedBy = new Map<NodeBuilder, number>()

  for (const node of nodes) {
    const commentOut = node.commentedOutBy
    if (commentOut !== undefined) {
      // Dead code: counted for the Comment Out that holds it, analysed by nothing.
      if (node.kind === 'activity') skippedBy.set(commentOut, (skippedBy.get(commentOut) ?? 0) + 1)
      continue
    }
    if (node.kind === 'activity') {
      activities.push(node)
      if (node.namespaceUri === XAML_NS.activities) {
        if (node.localName === 'TryCatch') tryCatches.push(digestTryCatch(node))
        else if (node.localName === 'Flowchart') flowchartNodes.push(node)
        else if (node.localName === 'StateMachine') stateMachineNodes.push(node)
      } else if (node.localName === 'InvokeWorkflowFile') {
        const fileName = propertyValue(node, 'WorkflowFileName', expressionsByOwner, literalsByOwner)
        const argumentNames: string[] = []
        for (const argument of node.properties.get('Arguments')?.values ?? []) {
          const key = argument.attributes.get('x:Key')?.value
          if (key !== undefined) argumentNames.push(key)
        }
        invoked.push({
          activity: node,
          fileName: fileName?.kind === 'literal' ? fileName.text : undefined,
          expression: fileName?.kind === 'expression' ? fileName.expression : undefined,
          argumentNames,
          line: fileName?.line ?? node.line,
          column: fileName?.column ?? node.column,
        })
      }
    } else if (node.kind === 'variable' && node.localName === 'Variable') {
      const nameAttribute = node.attributes.get('Name')?.value
      if (nameAttribute !== undefined) {
        const typeReference = node.attributes.get('x:TypeArguments')?.value ?? 'x:Object'
        const scope =
          node.parent === undefined
            ? undefined
            : node.parent.kind === 'activity'
              ? node.parent
              : node.parentActivity
        variables.push({
          name: nameAttribute,
          type: typeReference,
          typeName: node.resolvedType ?? typeReference,
          default: propertyValue(node, 'Default', expressionsByOwner, literalsByOwner),
          scope,
          node,
          line: node.line,
          column: node.column,
        })
      }
    } else if (node.kind === 'member' && node.localName === 'Property') {
      const nameAttribute = node.attributes.get('Name')?.value
      const typeAttribute = node.attributes.get('Type')?.value ?? 'x:Object'
      if (nameAttribute !== undefined) {
        const { direction, inner } = splitArgumentType(typeAttribute)
        const resolved = node.resolvedType ?? inner
        args.push({
          name: nameAttribute,
          direction,
          type: inner,
          typeName: direction === 'Property' ? resolved : stripWrapper(resolved),
          annotation: node.annotation,
          default: argumentDefault(state, className, nameAttribute),
          line: node.line,
          column: node.column,
        })
      }
    }
  }

  const flowcharts = flowchartNodes.map((flowchart) => digestFlowchart(flowchart, references))
  const stateMachines = stateMachineNodes.map((machine) =>
    digestStateMachine(machine, references, expressionsByOwner),
  )

  // The main activity is the one written directly in the root's content — not an activity used as
  // a value inside a property element (the REFramework sets argument defaults with <Literal>).
  const rootActivity =
    root.kind === 'activity'
      ? root
      : root.childNodes.find((child) => child.kind === 'activity' && child.inProperty === undefined)
  if (rootActivity === undefined) refuseForeignWorkflow(root, state.fileName)
  return {
    fileName: state.fileName,
    totalLines: state.totalLines,
    expressionLanguage: language,
    className,
    root,
    rootActivity,
    rootActivityType: rootActivity?.localName,
    nodes,
    activities,
    arguments: args,
    variables,
    expressions: state.expressions,
    literals: state.literals,
    markups: state.markups,
    selectors: state.selectors,
    invokedWorkflows: invoked,
    tryCatches,
    flowcharts,
    stateMachines,
    namedNodes: named,
    skipped: [...skippedBy].map(
      ([node, count]): XamlSkipped => ({
        reason: 'commented-out',
        node,
        activities: count,
        line: node.line,
        column: node.column,
      }),
    ),
    typeReferences: state.typeReferences,
  }
}

/**
 * Throws `UNSUPPORTED_PLATFORM` when the root's content is another product's workflow (see
 * `foreignWorkflowHost`): a Dataverse classic workflow is WF XAML with no UiPath activity in it, and
 * analysing it as UiPath would report UiPath conventions on another product's file. Only called
 * when no main activity was found, so a UiPath workflow is never refused here.
 */
function refuseForeignWorkflow(root: NodeBuilder, fileName: string): void {
  for (const child of root.childNodes) {
    if (child.inProperty !== undefined) continue
    const host = foreignWorkflowHost(child.namespaceUri)
    if (host === undefined) continue
    throw new XamlError(
      'UNSUPPORTED_PLATFORM',
      `<${child.type}> at line ${child.line} makes this ${host}, not a UiPath workflow; it is not analysed`,
      { line: child.line, column: child.column, fileName },
    )
  }
}

/** `System.Activities.InArgument<System.String>` → `System.String`. */
function stripWrapper(resolved: string): string {
  const lessThan = resolved.indexOf('<')
  return lessThan > 0 && resolved.endsWith('>') ? resolved.slice(lessThan + 1, -1) : resolved
}

/** Default value of an argument: `this:Main.in_Arg="…"` on the root (recorded as attribute values). */
function argumentDefault(
  state: ParseState,
  className: string | undefined,
  name: string,
): XamlValue | undefined {
  const root = state.nodes[0]
  if (root === undefined) return undefined
  const shortClassName = className === undefined ? undefined : className.slice(className.lastIndexOf('.') + 1)
  for (const [key, attribute] of root.attributes) {
    const dot = key.lastIndexOf('.')
    if (dot < 0 || key.slice(dot + 1) !== name) continue
    if (shortClassName !== undefined && key.slice(0, dot) !== shortClassName) continue
    const value = attribute.value
    if (value.length >= 2 && value.startsWith('[') && value.endsWith(']')) {
      const expression = state.expressions.find(
        (candidate) => candidate.owner === undefined && candidate.property === key,
      )
      if (expression !== undefined) {
        return { kind: 'expression', expression, line: attribute.line, column: attribute.column }
      }
    }
    if (value.startsWith('{')) return undefined
    return { kind: 'literal', text: value, line: attribute.line, column: attribute.column }
  }
  return undefined
}

function digestTryCatch(tryCatch: NodeBuilder): XamlTryCatch {
  const tryBody = firstActivity(tryCatch, 'Try')
  const catches: XamlCatch[] = []
  for (const catchNode of tryCatch.properties.get('Catches')?.values ?? []) {
    if (catchNode.kind !== 'catch') continue
    const typeReference = catchNode.attributes.get('x:TypeArguments')?.value ?? ''
    let variableName: string | undefined
    for (const handler of catchNode.childNodes) {
      for (const argument of handler.properties.get('Argument')?.values ?? []) {
        variableName ??= argument.attributes.get('Name')?.value
      }
    }
    const body = catchNode.children[0]
    catches.push({
      node: catchNode,
      exceptionType: typeReference,
      exceptionTypeName: catchNode.resolvedType ?? typeReference,
      variableName,
      body,
      bodyEmpty: body === undefined || isEmptyContainer(body),
      line: catchNode.line,
      column: catchNode.column,
    })
  }
  return {
    node: tryCatch,
    tryBody,
    tryEmpty: tryBody === undefined || isEmptyContainer(tryBody),
    catches,
    finallyBody: firstActivity(tryCatch, 'Finally'),
    line: tryCatch.line,
    column: tryCatch.column,
  }
}

const FLOW_LINK_ATTRIBUTES = ['Next', 'True', 'False', 'Default'] as const

function digestFlowchart(flowchart: NodeBuilder, references: References): XamlFlowchart {
  const flowNodes = nodesOutsideActivities(flowchart, 'flowNode')
  const successors = new Map<NodeBuilder, NodeBuilder[]>()
  for (const flowNode of flowNodes) {
    const next: NodeBuilder[] = []
    for (const child of flowNode.childNodes) {
      if (child.kind !== 'flowNode' && child.kind !== 'reference') continue
      const target = references.resolve(child)
      if (target !== undefined && !next.includes(target)) next.push(target)
    }
    for (const attribute of FLOW_LINK_ATTRIBUTES) {
      const target = references.fromAttribute(flowNode, attribute)
      if (target !== undefined && !next.includes(target)) next.push(target)
    }
    successors.set(flowNode, next)
  }
  let start = references.linked(flowchart, 'StartNode')
  if (start !== undefined && start.kind !== 'flowNode') start = undefined
  const reached = new Set<NodeBuilder>()
  const queue: NodeBuilder[] = start === undefined ? [] : [start]
  while (queue.length > 0) {
    const flowNode = queue.pop() as NodeBuilder
    if (reached.has(flowNode)) continue
    reached.add(flowNode)
    for (const successor of successors.get(flowNode) ?? []) queue.push(successor)
  }
  const digested: XamlFlowNode[] = flowNodes.map((flowNode) => ({
    node: flowNode,
    action: flowNode.childNodes.find((child) => child.kind === 'activity'),
    next: successors.get(flowNode) ?? [],
    reachable: reached.has(flowNode),
  }))
  return { node: flowchart, startNode: start, nodes: digested }
}

function digestStateMachine(
  machine: NodeBuilder,
  references: References,
  expressionsByOwner: Map<NodeBuilder, XamlExpression[]>,
): XamlStateMachine {
  const states: XamlState[] = nodesOutsideActivities(machine, 'state').map((state) => {
    const transitions: XamlTransition[] = []
    for (const transition of state.properties.get('Transitions')?.values ?? []) {
      if (transition.kind !== 'transition') continue
      transitions.push({
        node: transition,
        to: references.linked(transition, 'To'),
        condition: expressionsByOwner
          .get(transition)
          ?.find((expression) => expression.property === 'Condition'),
        trigger: firstActivity(transition, 'Trigger'),
        action: firstActivity(transition, 'Action'),
      })
    }
    return {
      node: state,
      displayName: state.displayName,
      isFinal:
        state.localName === 'FinalState' || state.attributes.get('IsFinal')?.value.toLowerCase() === 'true',
      entry: firstActivity(state, 'Entry'),
      exit: firstActivity(state, 'Exit'),
      transitions,
    }
  })
  return { node: machine, initialState: references.linked(machine, 'InitialState'), states }
}
