/**
 * Second, linear step of the reader: turns what the streaming pass collected into the
 * {@link WorkflowModel} — workflow language, arguments, variables, TryCatches, invoked workflows,
 * Flowchart graphs (with `x:Reference` links resolved and reachability) and StateMachines.
 * Internal to `src/analysis/xaml/`.
 *
 * @module
 */

import { isEmptyContainer } from './model-queries.js'
import type { NodeBuilder, ParseState } from './parse-xaml.js'
import type {
  ExpressionLanguage,
  WorkflowModel,
  XamlArgument,
  XamlCatch,
  XamlExpression,
  XamlFlowchart,
  XamlFlowNode,
  XamlInvokedWorkflow,
  XamlLiteral,
  XamlNode,
  XamlState,
  XamlStateMachine,
  XamlTransition,
  XamlTryCatch,
  XamlValue,
  XamlVariable,
} from './workflow-model.js'
import { XamlError } from './xaml-error.js'
import { foreignWorkflowHost, referenceMarkupName, splitArgumentType, XAML_NS } from './xaml-names.js'

type N = NodeBuilder

function propertyValue(
  owner: N,
  property: string,
  exprByOwner: Map<N, XamlExpression[]>,
  litByOwner: Map<N, XamlLiteral[]>,
): XamlValue | undefined {
  const e = exprByOwner.get(owner)?.find((x) => x.property === property)
  if (e !== undefined) return { kind: 'expression', expression: e, line: e.line, column: e.column }
  const l = litByOwner.get(owner)?.find((x) => x.property === property)
  if (l !== undefined) return { kind: 'literal', text: l.value, line: l.line, column: l.column }
  return undefined
}

function groupByOwner<T extends { owner: XamlNode | undefined }>(items: readonly T[]): Map<N, T[]> {
  const map = new Map<N, T[]>()
  for (const item of items) {
    const o = item.owner as N | undefined
    if (o === undefined) continue
    const list = map.get(o)
    if (list === undefined) map.set(o, [item])
    else list.push(item)
  }
  return map
}

/** First activity held by a property: the value itself, or the first activity below it. */
function firstActivity(node: N, property: string): N | undefined {
  const prop = node.properties.get(property)
  if (prop === undefined) return undefined
  for (const v of prop.values) {
    if (v.kind === 'activity') return v
    const c = v.children[0]
    if (c !== undefined) return c
  }
  return undefined
}

/** Builds the final model from the streaming pass. */
export function finishModel(state: ParseState): WorkflowModel {
  const nodes = state.nodes
  const root = nodes[0] as N
  const language: ExpressionLanguage = state.declaredLanguage ?? (state.sawCSharp ? 'CSharp' : 'VisualBasic')
  for (const e of state.bracketExpressions) e.language = language

  const named = new Map<string, N>()
  for (const n of nodes) if (n.name !== undefined && !named.has(n.name)) named.set(n.name, n)
  const resolveRef = (n: N): N | undefined => {
    if (n.kind !== 'reference') return n
    const name = n.text ?? n.attributes.get('Name')?.value
    return name === undefined ? undefined : named.get(name.trim())
  }
  const attrRef = (n: N, attr: string): N | undefined => {
    const v = n.attributes.get(attr)?.value
    const name = v === undefined ? undefined : referenceMarkupName(v)
    return name === undefined ? undefined : named.get(name)
  }

  const exprByOwner = groupByOwner(state.expressions)
  const litByOwner = groupByOwner(state.literals)

  const activities: N[] = []
  const variables: XamlVariable[] = []
  const args: XamlArgument[] = []
  const tryCatches: XamlTryCatch[] = []
  const invoked: XamlInvokedWorkflow[] = []
  const flowchartNodes: N[] = []
  const stateMachineNodes: N[] = []
  const className = root.attributes.get('x:Class')?.value

  for (const n of nodes) {
    const ns = n.namespaceUri
    if (n.kind === 'activity') {
      activities.push(n)
      if (ns === XAML_NS.activities) {
        if (n.localName === 'TryCatch') tryCatches.push(digestTryCatch(n))
        else if (n.localName === 'Flowchart') flowchartNodes.push(n)
        else if (n.localName === 'StateMachine') stateMachineNodes.push(n)
      } else if (n.localName === 'InvokeWorkflowFile') {
        const v = propertyValue(n, 'WorkflowFileName', exprByOwner, litByOwner)
        const argNames: string[] = []
        for (const a of n.properties.get('Arguments')?.values ?? []) {
          const k = a.attributes.get('x:Key')?.value
          if (k !== undefined) argNames.push(k)
        }
        invoked.push({
          activity: n,
          fileName: v?.kind === 'literal' ? v.text : undefined,
          expression: v?.kind === 'expression' ? v.expression : undefined,
          argumentNames: argNames,
          line: v?.line ?? n.line,
          column: v?.column ?? n.column,
        })
      }
    } else if (n.kind === 'variable' && n.localName === 'Variable') {
      const nameAttr = n.attributes.get('Name')?.value
      if (nameAttr !== undefined) {
        const typeRef = n.attributes.get('x:TypeArguments')?.value ?? 'x:Object'
        const scope =
          n.parent === undefined ? undefined : n.parent.kind === 'activity' ? n.parent : n.parentActivity
        variables.push({
          name: nameAttr,
          type: typeRef,
          typeName: n.resolvedType ?? typeRef,
          default: propertyValue(n, 'Default', exprByOwner, litByOwner),
          scope,
          node: n,
          line: n.line,
          column: n.column,
        })
      }
    } else if (n.kind === 'member' && n.localName === 'Property') {
      const nameAttr = n.attributes.get('Name')?.value
      const typeAttr = n.attributes.get('Type')?.value ?? 'x:Object'
      if (nameAttr !== undefined) {
        const { direction, inner } = splitArgumentType(typeAttr)
        const resolved = n.resolvedType ?? inner
        args.push({
          name: nameAttr,
          direction,
          type: inner,
          typeName: direction === 'Property' ? resolved : stripWrapper(resolved),
          annotation: n.annotation,
          default: argumentDefault(state, className, nameAttr),
          line: n.line,
          column: n.column,
        })
      }
    }
  }

  const flowcharts = flowchartNodes.map((f) => digestFlowchart(f, resolveRef, attrRef))
  const stateMachines = stateMachineNodes.map((m) => digestStateMachine(m, resolveRef, attrRef, exprByOwner))

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
    selectors: state.selectors,
    invokedWorkflows: invoked,
    tryCatches,
    flowcharts,
    stateMachines,
    namedNodes: named,
    typeReferences: state.typeReferences,
  }
}

/**
 * Throws `UNSUPPORTED_PLATFORM` when the root's content is another product's workflow (see
 * `foreignWorkflowHost`): a Dataverse classic workflow is WF XAML with no UiPath activity in it, and
 * analysing it as UiPath would report UiPath conventions on another product's file. Only called
 * when no main activity was found, so a UiPath workflow is never refused here.
 */
function refuseForeignWorkflow(root: N, fileName: string): void {
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
  const lt = resolved.indexOf('<')
  return lt > 0 && resolved.endsWith('>') ? resolved.slice(lt + 1, -1) : resolved
}

/** Default value of an argument: `this:Main.in_Arg="…"` on the root (recorded as attribute values). */
function argumentDefault(
  state: ParseState,
  className: string | undefined,
  name: string,
): XamlValue | undefined {
  const root = state.nodes[0]
  if (root === undefined) return undefined
  const short = className === undefined ? undefined : className.slice(className.lastIndexOf('.') + 1)
  for (const [key, attr] of root.attributes) {
    const dot = key.lastIndexOf('.')
    if (dot < 0 || key.slice(dot + 1) !== name) continue
    if (short !== undefined && key.slice(0, dot) !== short) continue
    const v = attr.value
    if (v.length >= 2 && v.startsWith('[') && v.endsWith(']')) {
      const e = state.expressions.find((x) => x.owner === undefined && x.property === key)
      if (e !== undefined) return { kind: 'expression', expression: e, line: attr.line, column: attr.column }
    }
    if (v.startsWith('{')) return undefined
    return { kind: 'literal', text: v, line: attr.line, column: attr.column }
  }
  return undefined
}

function digestTryCatch(n: N): XamlTryCatch {
  const tryBody = firstActivity(n, 'Try')
  const catches: XamlCatch[] = []
  for (const c of n.properties.get('Catches')?.values ?? []) {
    if (c.kind !== 'catch') continue
    const typeRef = c.attributes.get('x:TypeArguments')?.value ?? ''
    let variableName: string | undefined
    for (const d of c.childNodes) {
      for (const arg of d.properties.get('Argument')?.values ?? []) {
        variableName ??= arg.attributes.get('Name')?.value
      }
    }
    const body = c.children[0]
    catches.push({
      node: c,
      exceptionType: typeRef,
      exceptionTypeName: c.resolvedType ?? typeRef,
      variableName,
      body,
      bodyEmpty: body === undefined || isEmptyContainer(body),
      line: c.line,
      column: c.column,
    })
  }
  return {
    node: n,
    tryBody,
    tryEmpty: tryBody === undefined || isEmptyContainer(tryBody),
    catches,
    finallyBody: firstActivity(n, 'Finally'),
    line: n.line,
    column: n.column,
  }
}

const FLOW_LINK_ATTRS = ['Next', 'True', 'False', 'Default'] as const

function digestFlowchart(
  f: N,
  resolveRef: (n: N) => N | undefined,
  attrRef: (n: N, attr: string) => N | undefined,
): XamlFlowchart {
  // Flow nodes of this flowchart: below it, not inside any activity (a FlowStep's action is one).
  const flowNodes: N[] = []
  const todo: N[] = [...f.childNodes]
  while (todo.length > 0) {
    const n = todo.pop() as N
    if (n.kind === 'activity') continue
    if (n.kind === 'flowNode') flowNodes.push(n)
    for (const c of n.childNodes) todo.push(c)
  }
  flowNodes.sort((a, b) => a.index - b.index)
  const successors = new Map<N, N[]>()
  for (const n of flowNodes) {
    const next: N[] = []
    for (const c of n.childNodes) {
      if (c.kind !== 'flowNode' && c.kind !== 'reference') continue
      const t = resolveRef(c)
      if (t !== undefined && !next.includes(t)) next.push(t)
    }
    for (const a of FLOW_LINK_ATTRS) {
      const t = attrRef(n, a)
      if (t !== undefined && !next.includes(t)) next.push(t)
    }
    successors.set(n, next)
  }
  let start: N | undefined
  const sv = f.properties.get('StartNode')?.values[0]
  if (sv !== undefined) start = resolveRef(sv)
  start ??= attrRef(f, 'StartNode')
  if (start !== undefined && start.kind !== 'flowNode') start = undefined
  const reached = new Set<N>()
  const queue: N[] = start === undefined ? [] : [start]
  while (queue.length > 0) {
    const n = queue.pop() as N
    if (reached.has(n)) continue
    reached.add(n)
    for (const s of successors.get(n) ?? []) queue.push(s)
  }
  const digested: XamlFlowNode[] = flowNodes.map((n) => ({
    node: n,
    action: n.childNodes.find((c) => c.kind === 'activity'),
    next: successors.get(n) ?? [],
    reachable: reached.has(n),
  }))
  return { node: f, startNode: start, nodes: digested }
}

function digestStateMachine(
  m: N,
  resolveRef: (n: N) => N | undefined,
  attrRef: (n: N, attr: string) => N | undefined,
  exprByOwner: Map<N, XamlExpression[]>,
): XamlStateMachine {
  const stateNodes: N[] = []
  const todo: N[] = [...m.childNodes]
  while (todo.length > 0) {
    const n = todo.pop() as N
    if (n.kind === 'activity') continue
    if (n.kind === 'state') stateNodes.push(n)
    for (const c of n.childNodes) todo.push(c)
  }
  stateNodes.sort((a, b) => a.index - b.index)
  const states: XamlState[] = stateNodes.map((s) => {
    const transitions: XamlTransition[] = []
    for (const t of s.properties.get('Transitions')?.values ?? []) {
      if (t.kind !== 'transition') continue
      let to: N | undefined
      const tv = t.properties.get('To')?.values[0]
      if (tv !== undefined) to = resolveRef(tv)
      to ??= attrRef(t, 'To')
      transitions.push({
        node: t,
        to,
        condition: exprByOwner.get(t)?.find((e) => e.property === 'Condition'),
        trigger: firstActivity(t, 'Trigger'),
        action: firstActivity(t, 'Action'),
      })
    }
    return {
      node: s,
      displayName: s.displayName,
      isFinal: s.localName === 'FinalState' || s.attributes.get('IsFinal')?.value.toLowerCase() === 'true',
      entry: firstActivity(s, 'Entry'),
      exit: firstActivity(s, 'Exit'),
      transitions,
    }
  })
  let initial: N | undefined
  const iv = m.properties.get('InitialState')?.values[0]
  if (iv !== undefined) initial = resolveRef(iv)
  initial ??= attrRef(m, 'InitialState')
  return { node: m, initialState: initial, states }
}
