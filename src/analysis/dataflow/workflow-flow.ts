/**
 * Data flow inside one workflow: a taint analysis over the activity tree, from sources (credential
 * activities, SecureString conversions, queue items, mail, screen text, files, HTTP responses; see
 * `taint-policy.ts`) through variables and arguments (Assign, Multiple Assign, activity outputs,
 * out arguments of Invoke Code and Invoke Workflow File, For Each items, expressions) to sinks.
 *
 * How control flow is treated (sound, simple):
 * - a Sequence (and any activity not listed below) runs its children in order; an assignment to a
 *   plain variable replaces what the variable held (a reassignment from a clean value clears the
 *   taint on the paths after it), an assignment to a part of one (`dict("k") = …`, `x.Prop = …`)
 *   adds to it;
 * - If / Switch / Pick: each branch from the state before it, then the union (with the state
 *   before, since a branch may be empty or not taken);
 * - loops (For Each…, While, Do While, Retry Scope): the body again until nothing new (fixpoint,
 *   capped at {@link MAX_LOOP_ROUNDS});
 * - Flowchart, State Machine, Parallel, Try Catch: flow-insensitive: every child starts from the
 *   union of all states seen in the container, until nothing new (sound for any order of the
 *   flow graph; a reassignment inside them clears nothing for the others);
 * - a variable's default applies when its scope starts.
 * A value keeps, per kind of taint, the first path found to it (deterministic: document order).
 *
 * @module
 */
import { type PassedArgument, passedArguments } from '../project/invocation-graph.js'
import { activityLabel } from '../rules/rule.js'
import { credentialShapeOf } from '../rules/support/credential-shapes.js'
import {
  DEFAULT_METADATA_SUFFIXES,
  DEFAULT_SECRET_WORDS,
  sensitiveNameMatcher,
} from '../rules/support/sensitive-names.js'
import { propertyValue, propertyValues } from '../xaml/model-queries.js'
import type {
  WorkflowModel,
  XamlExpression,
  XamlLiteral,
  XamlNode,
  XamlPropertyValue,
  XamlTryCatch,
  XamlVariable,
} from '../xaml/workflow-model.js'
import { type ExpressionShape, expressionShape, mayBeSourceText } from './expression-taint.js'
import {
  BRANCH_ACTIVITIES,
  LOOP_ACTIVITY,
  PASS_THROUGH_ACTIVITIES,
  PASSWORD_FIELD,
  SINK_TAINT,
  SINKS,
  type Sink,
  SOURCE_OUTPUTS,
  type SourceOutput,
  type TaintKind,
  UNORDERED_ACTIVITIES,
} from './taint-policy.js'
import {
  buildWorkflowSymbols,
  EMPTY_SYMBOLS,
  type FlowSymbol,
  type WorkflowSymbols,
} from './workflow-symbols.js'

/** One step of a path: where the value was, in which file. */
export interface FlowStep {
  /** Path of the file (in the project, or the single file's name). */
  readonly path: string
  readonly line: number
  readonly column: number
  /** What happens there (`Get Credential Password`, `strPwd = … (Assign)`). */
  readonly label: string
}

/** A tainted value and how it got there (source first). */
export interface Taint {
  readonly kind: TaintKind
  readonly steps: readonly FlowStep[]
}

/** A tainted value that reached a sink. */
export interface FlowHit {
  readonly sink: Sink
  /** The sink activity. */
  readonly activity: XamlNode
  readonly property: string
  /** The path, ending at the sink. */
  readonly taint: Taint
  readonly line: number
  readonly column: number
}

/** One value written to a variable or argument (for rules that weigh a name against its values). */
export interface SymbolWrite {
  /** The literal or expression source written, undefined for an activity output. */
  readonly text: string | undefined
  /** Taint kinds the written value carries. */
  readonly kinds: readonly TaintKind[]
}

export interface WorkflowFlowInput {
  readonly model: WorkflowModel
  /** The file's path (in the project; the file name for a single file). */
  readonly path: string
  /** Taints the callers pass into In / InOut arguments (lower-cased name). */
  readonly argumentTaints?: ReadonlyMap<string, readonly Taint[]>
  /** What an invoked workflow returns in an Out / InOut argument (project analysis). */
  readonly invokedOutput?: (activity: XamlNode, argumentName: string) => readonly Taint[]
  /**
   * Walk even when nothing could be tainted, to record every value written (`writes`); by default
   * a workflow with no source and no caller input is skipped (most files: the analysis costs
   * nothing there).
   */
  readonly collectWrites?: boolean
}

export interface WorkflowFlow {
  /** The scoped names (empty when the walk was skipped: nothing in the file can be tainted). */
  readonly symbols: WorkflowSymbols
  /** Sink hits, one per (activity, property, taint kind), in the order found. */
  readonly hits: readonly FlowHit[]
  /** Taints of the Out / InOut arguments when the workflow ends (lower-cased name). */
  readonly outputs: ReadonlyMap<string, readonly Taint[]>
  /** Taints passed to invoked workflows' In / InOut arguments. */
  readonly passed: ReadonlyArray<{
    readonly activity: XamlNode
    readonly argument: string
    readonly taints: readonly Taint[]
  }>
  /** Every value written to each symbol (by id). */
  readonly writes: ReadonlyMap<number, readonly SymbolWrite[]>
}

/** Loop bodies and unordered containers are re-run at most this often (each round only adds). */
export const MAX_LOOP_ROUNDS = 8
/** A path keeps at most this many steps (the last one is replaced beyond it). */
export const MAX_FLOW_STEPS = 16

const SECURE_STRING_TYPE = 'System.Security.SecureString'
/** Types that cannot carry a secret's text or an injected command. */
const INERT_TYPES: ReadonlySet<string> = new Set([
  'System.Boolean',
  'System.Int16',
  'System.Int32',
  'System.Int64',
  'System.Double',
  'System.Decimal',
  'System.Single',
  'System.DateTime',
  'System.TimeSpan',
])
/** Output properties of any activity (others are inputs unless the source table names them). */
const GENERIC_OUTPUTS: ReadonlySet<string> = new Set(['Result', 'Output', 'JsonObject', 'ResponseContent'])
const BARE_IDENTIFIER = /^\(*\s*([A-Za-z_]\w*)\s*\)*$/u
const ROOT_IDENTIFIER = /^\s*([A-Za-z_]\w*)/u
const secretNames = sensitiveNameMatcher(DEFAULT_SECRET_WORDS, DEFAULT_METADATA_SUFFIXES)

type Facts = Map<TaintKind, Taint>
type State = Map<number, Facts>

/** What is computed once per model, whatever the inputs. */
interface Prepared {
  readonly symbols: WorkflowSymbols
  readonly shapes: Map<XamlExpression, ExpressionShape>
  readonly passwordTargets: ReadonlySet<XamlNode>
  readonly tryCatchesByNode: ReadonlyMap<XamlNode, XamlTryCatch>
  /** Variable defaults by the `Variable` node. */
  readonly defaults: ReadonlyMap<XamlNode, XamlVariable['default']>
}

const preparedModels = new WeakMap<WorkflowModel, Prepared>()
const sourcePresence = new WeakMap<WorkflowModel, boolean>()
const fileFlows = new WeakMap<WorkflowModel, WorkflowFlow>()
const fileWriteFlows = new WeakMap<WorkflowModel, WorkflowFlow>()

function sourcesFor(localName: string): readonly SourceOutput[] {
  return SOURCE_OUTPUTS.filter((source) => source.activities.includes(localName))
}
function sinksFor(localName: string): readonly Sink[] {
  return SINKS.filter((sink) => sink.activities.includes(localName))
}
const sourceCache = new Map<string, readonly SourceOutput[]>()
const sinkCache = new Map<string, readonly Sink[]>()
function cachedSources(localName: string): readonly SourceOutput[] {
  let found = sourceCache.get(localName)
  if (found === undefined) {
    found = sourcesFor(localName)
    sourceCache.set(localName, found)
  }
  return found
}
function cachedSinks(localName: string): readonly Sink[] {
  let found = sinkCache.get(localName)
  if (found === undefined) {
    found = sinksFor(localName)
    sinkCache.set(localName, found)
  }
  return found
}

/**
 * Whether anything in the file could be tainted without input from callers: a SecureString, a
 * source activity, a literal credential, queue item content, a setting keyed like a secret. Cheap
 * text tests only, so that most files (no source at all) cost one pass over their values; a
 * `true` may be a false alarm, the walk then finds nothing.
 */
function mayHaveSources(model: WorkflowModel): boolean {
  const known = sourcePresence.get(model)
  if (known !== undefined) return known
  const found =
    model.variables.some((variable) => variable.typeName === SECURE_STRING_TYPE) ||
    model.arguments.some((argument) => argument.typeName === SECURE_STRING_TYPE) ||
    model.activities.some((activity) => cachedSources(activity.localName).length > 0) ||
    model.literals.some(
      (literal) =>
        !literal.flag &&
        (literal.property === 'Value' || literal.property === 'Default') &&
        credentialShapeOf(literal.value) !== undefined,
    ) ||
    model.expressions.some((expression) => mayBeSourceText(expression.text, expression.language))
  sourcePresence.set(model, found)
  return found
}

function prepare(model: WorkflowModel): Prepared {
  const known = preparedModels.get(model)
  if (known !== undefined) return known
  const symbols = buildWorkflowSymbols(model)
  // Shapes are computed on first use (evaluate), most expressions never need one.
  const shapes = new Map<XamlExpression, ExpressionShape>()
  const tryCatchesByNode = new Map<XamlNode, XamlTryCatch>()
  for (const tryCatch of model.tryCatches) tryCatchesByNode.set(tryCatch.node, tryCatch)
  const passwordTargets = new Set<XamlNode>()
  for (const selector of model.selectors) {
    if (selector.activity !== undefined && PASSWORD_FIELD.test(selector.text))
      passwordTargets.add(selector.activity)
  }
  const defaults = new Map<XamlNode, XamlVariable['default']>()
  for (const variable of model.variables)
    if (variable.default !== undefined) defaults.set(variable.node, variable.default)
  const prepared = { symbols, shapes, passwordTargets, defaults, tryCatchesByNode }
  preparedModels.set(model, prepared)
  return prepared
}

/** The analysis of a single file with no callers (cached per model: several rules read it). */
export function fileFlow(model: WorkflowModel, path: string = model.fileName): WorkflowFlow {
  const known = fileFlows.get(model)
  if (known !== undefined) return known
  const flow = analyzeWorkflowFlow({ model, path })
  fileFlows.set(model, flow)
  return flow
}

/**
 * The single-file analysis with every write recorded, for rules that weigh what a name says
 * against the values the variable receives (cached per model).
 */
export function fileWrites(model: WorkflowModel): WorkflowFlow {
  const known = fileWriteFlows.get(model)
  if (known !== undefined) return known
  const flow = analyzeWorkflowFlow({ model, path: model.fileName, collectWrites: true })
  fileWriteFlows.set(model, flow)
  return flow
}

/** The AssignOperation a Multiple Assign value belongs to (the activity itself for an Assign). */
function assignOperationOf(value: XamlPropertyValue, activity: XamlNode): XamlNode {
  const node =
    value.kind === 'expression'
      ? value.expression.node
      : value.kind === 'literal'
        ? value.literal.node
        : undefined
  for (let current = node; current !== undefined && current !== activity; current = current.parent) {
    if (current.localName === 'AssignOperation') return current
  }
  return activity
}

function withStep(taint: Taint, step: FlowStep, kind: TaintKind = taint.kind): Taint {
  const steps =
    taint.steps.length >= MAX_FLOW_STEPS
      ? [...taint.steps.slice(0, MAX_FLOW_STEPS - 1), step]
      : [...taint.steps, step]
  return { kind, steps }
}

/** Adds `from`'s kinds missing in `into`; true when something was added. */
function joinFacts(into: Facts, from: ReadonlyMap<TaintKind, Taint>): boolean {
  let changed = false
  for (const [kind, taint] of from) {
    if (!into.has(kind)) {
      into.set(kind, taint)
      changed = true
    }
  }
  return changed
}

function joinState(into: State, from: State): boolean {
  let changed = false
  for (const [id, facts] of from) {
    const existing = into.get(id)
    if (existing === undefined) {
      if (facts.size > 0) {
        into.set(id, new Map(facts))
        changed = true
      }
    } else if (joinFacts(existing, facts)) changed = true
  }
  return changed
}

function copyState(state: State): State {
  const copy: State = new Map()
  for (const [id, facts] of state) copy.set(id, new Map(facts))
  return copy
}

/** Runs the analysis (see the module doc). Pure; bounded by the model's size and the round caps. */
export function analyzeWorkflowFlow(input: WorkflowFlowInput): WorkflowFlow {
  const { model, path } = input
  const hits: FlowHit[] = []
  const hitKeys = new Set<string>()
  const passed: Array<{ activity: XamlNode; argument: string; taints: Taint[] }> = []
  const passedKeys = new Map<string, Taint[]>()
  const writes = new Map<number, SymbolWrite[]>()
  const outputs = new Map<string, Taint[]>()
  const hasInputs = (input.argumentTaints?.size ?? 0) > 0 || input.invokedOutput !== undefined
  const root = model.rootActivity
  if (root === undefined || (!hasInputs && input.collectWrites !== true && !mayHaveSources(model))) {
    return { symbols: EMPTY_SYMBOLS, hits, outputs, passed, writes }
  }
  const prepared = prepare(model)
  const { symbols, shapes, tryCatchesByNode } = prepared

  const step = (node: { line: number; column: number }, label: string): FlowStep => ({
    path,
    line: node.line,
    column: node.column,
    label,
  })

  const sourceText = new Map<XamlExpression, boolean>()
  /** {@link mayBeSourceText}, once per expression. */
  const mayBeSource = (expression: XamlExpression): boolean => {
    let known = sourceText.get(expression)
    if (known === undefined) {
      known = mayBeSourceText(expression.text, expression.language)
      sourceText.set(expression, known)
    }
    return known
  }
  /** The taints of `expression` in `state`. */
  const evaluate = (expression: XamlExpression, state: State): Facts => {
    const out: Facts = new Map()
    // Nothing tainted yet and no source in the text: nothing to resolve (the common case).
    if (state.size === 0 && !shapes.has(expression) && !mayBeSource(expression)) return out
    let shape = shapes.get(expression)
    if (shape === undefined) {
      shape = expressionShape(expression.text, expression.language, expression.owner, symbols)
      shapes.set(expression, shape)
    }
    for (const read of shape.reads) {
      if (read.neutral) continue
      const facts = state.get(read.symbol.id)
      if (facts !== undefined) joinFacts(out, facts)
    }
    const secure = out.get('secure')
    if (shape.conversion !== undefined && secure !== undefined && !out.has('secret')) {
      out.set(
        'secret',
        withStep(secure, step(expression, `converted to clear text (${shape.conversion})`), 'secret'),
      )
    }
    if (shape.queueContent && !out.has('untrusted')) {
      out.set('untrusted', {
        kind: 'untrusted',
        steps: [step(expression, 'queue item content (SpecificContent)')],
      })
    }
    if (shape.secretKey !== undefined) {
      const kind: TaintKind = shape.makesSecureString ? 'secure' : 'secret'
      if (!out.has(kind)) out.set(kind, { kind, steps: [step(expression, `setting "${shape.secretKey}"`)] })
    }
    if (shape.literalCredential !== undefined && !out.has('secret')) {
      out.set('secret', { kind: 'secret', steps: [step(expression, `hardcoded ${shape.literalCredential}`)] })
    }
    if (shape.makesSecureString && out.has('secret') && !out.has('secure')) {
      out.set('secure', { ...(out.get('secret') as Taint), kind: 'secure' })
    }
    return out
  }

  const literalFacts = (literal: XamlLiteral): Facts => {
    const kind = credentialShapeOf(literal.value)
    const out: Facts = new Map()
    if (kind !== undefined) out.set('secret', { kind: 'secret', steps: [step(literal, `hardcoded ${kind}`)] })
    return out
  }

  /** What a value becomes when stored in `symbol` (its type decides what it can carry). */
  const storedAs = (symbol: FlowSymbol, facts: ReadonlyMap<TaintKind, Taint>, label: FlowStep): Facts => {
    const out: Facts = new Map()
    if (INERT_TYPES.has(symbol.typeName)) return out
    for (const [kind, taint] of facts) {
      const stored: TaintKind = kind === 'secret' && symbol.typeName === SECURE_STRING_TYPE ? 'secure' : kind
      if (!out.has(stored)) out.set(stored, withStep(taint, label, stored))
    }
    return out
  }

  const recordWrite = (symbol: FlowSymbol, text: string | undefined, facts: Facts): void => {
    const list = writes.get(symbol.id) ?? []
    if (list.length < 32) list.push({ text, kinds: [...facts.keys()] })
    writes.set(symbol.id, list)
  }

  /** Writes `facts` to the target of a reference (`x` replaces, `x("k")` / `x.P` adds). */
  const define = (
    target: { text: string; owner: XamlNode | undefined; line: number; column: number },
    facts: ReadonlyMap<TaintKind, Taint>,
    at: XamlNode,
    state: State,
    written: string | undefined,
  ): void => {
    const bare = BARE_IDENTIFIER.exec(target.text.trim())?.[1]
    const name = bare ?? ROOT_IDENTIFIER.exec(target.text)?.[1]
    if (name === undefined) return
    const symbol = symbols.resolve(name, target.owner)
    if (symbol === undefined) return
    const stored = storedAs(symbol, facts, step(target, `${symbol.name} (${activityLabel(at)})`))
    if (bare !== undefined) {
      recordWrite(symbol, written, stored)
      if (stored.size === 0) state.delete(symbol.id)
      else state.set(symbol.id, stored)
    } else if (stored.size > 0) {
      const existing = state.get(symbol.id)
      if (existing === undefined) state.set(symbol.id, stored)
      else joinFacts(existing, stored)
    }
  }

  const report = (
    activity: XamlNode,
    sink: Sink,
    property: string,
    where: XamlExpression,
    facts: Facts,
  ): void => {
    const taint = facts.get(SINK_TAINT[sink.kind])
    if (taint === undefined) return
    if (sink.unlessPasswordField && prepared.passwordTargets.has(activity)) return
    const key = `${activity.index}:${property}:${sink.kind}`
    if (hitKeys.has(key)) return
    hitKeys.add(key)
    const label = `${activityLabel(activity)} ${property}${where.key ? ` "${where.key}"` : ''}`
    hits.push({
      sink,
      activity,
      property,
      taint: withStep(taint, step(where, label)),
      line: where.line,
      column: where.column,
    })
  }

  /** Variables (and their defaults) when their scope starts. */
  const enterScope = (activity: XamlNode, state: State): void => {
    for (const symbol of symbols.declaredIn.get(activity) ?? []) {
      if (symbol.kind !== 'variable') continue
      state.delete(symbol.id)
      const initial = symbol.node === undefined ? undefined : prepared.defaults.get(symbol.node)
      let facts: Facts = new Map()
      if (initial?.kind === 'expression') facts = evaluate(initial.expression, state)
      else if (initial?.kind === 'literal') {
        const kind = credentialShapeOf(initial.text)
        if (kind !== undefined)
          facts.set('secret', { kind: 'secret', steps: [step(initial, `hardcoded ${kind}`)] })
      }
      if (symbol.typeName === SECURE_STRING_TYPE && !facts.has('secure')) {
        facts.set('secure', { kind: 'secure', steps: [step(symbol, `SecureString ${symbol.name}`)] })
      }
      const stored = storedAs(symbol, facts, step(symbol, `${symbol.name} (default)`))
      if (initial !== undefined) {
        recordWrite(symbol, initial.kind === 'literal' ? initial.text : initial.expression.text, stored)
      }
      if (stored.size > 0) state.set(symbol.id, stored)
    }
  }

  /** One activity's own reads, sinks and writes (not its children's). */
  const effect = (activity: XamlNode, state: State): void => {
    // What the activity's properties hold (the model's one home for values, in source order).
    const values = propertyValues(model, activity)
    const local = activity.localName
    const sinks = cachedSinks(local)
    const sources = cachedSources(local)
    const isInvoke = local === 'InvokeWorkflowFile'
    // Nothing tainted, nothing made here, no writes wanted: the activity changes nothing.
    if (
      state.size === 0 &&
      input.collectWrites !== true &&
      sources.length === 0 &&
      !(isInvoke && input.invokedOutput !== undefined) &&
      values.every((value) =>
        value.kind === 'expression'
          ? !mayBeSource(value.expression)
          : value.kind === 'markup' ||
            value.property !== 'Value' ||
            value.literal.flag ||
            credentialShapeOf(value.literal.value) === undefined,
      )
    )
      return
    const expressions: XamlExpression[] = []
    for (const value of values) if (value.kind === 'expression') expressions.push(value.expression)
    const directions = new Map<string, PassedArgument['direction']>()
    if (activity.properties.has('Arguments')) {
      for (const argument of passedArguments(activity)) directions.set(argument.name, argument.direction)
    }
    const inputFacts: Facts = new Map()
    const outputs: XamlExpression[] = []

    // Assign, and each AssignOperation of a Multiple Assign: To gets the Value (expression or literal).
    if (local === 'Assign' || local === 'MultipleAssign') {
      const pairs = new Map<XamlNode, { to?: XamlExpression; value?: XamlPropertyValue }>()
      for (const value of values) {
        if (value.kind === 'markup' || (value.property !== 'To' && value.property !== 'Value')) continue
        const operation = assignOperationOf(value, activity)
        const pair = pairs.get(operation) ?? {}
        if (value.property === 'To' && value.kind === 'expression') pair.to ??= value.expression
        else if (value.property === 'Value') pair.value ??= value
        pairs.set(operation, pair)
      }
      for (const { to, value } of pairs.values()) {
        if (to === undefined) continue
        const facts =
          value?.kind === 'expression'
            ? evaluate(value.expression, state)
            : value?.kind === 'literal' && !value.literal.flag
              ? literalFacts(value.literal)
              : new Map<TaintKind, Taint>()
        const written =
          value?.kind === 'expression'
            ? value.expression.text
            : value?.kind === 'literal'
              ? value.literal.value
              : undefined
        define(to, facts, activity, state, written)
      }
      return
    }

    for (const expression of expressions) {
      const property = expression.property ?? ''
      const key = expression.key
      const direction = key !== undefined ? directions.get(key) : undefined
      const isOutput =
        direction === 'Out' ||
        direction === 'InOut' ||
        (direction === undefined &&
          (expression.role === 'reference' ||
            GENERIC_OUTPUTS.has(property) ||
            sources.some((source) => source.properties.includes(property))))
      const isInput = direction === 'In' || direction === 'InOut' || !isOutput
      if (isOutput) outputs.push(expression)
      if (!isInput) continue
      const facts = evaluate(expression, state)
      if (facts.size === 0) continue
      joinFacts(inputFacts, facts)
      for (const sink of sinks) {
        if (sink.properties.includes(property) || sink.properties.includes('*')) {
          report(activity, sink, property, expression, facts)
        }
      }
      if (isInvoke && key !== undefined) {
        const list = passedKeys.get(`${activity.index}:${key}`)
        const taints = [...facts.values()]
        if (list === undefined) {
          const entry = { activity, argument: key, taints }
          passedKeys.set(`${activity.index}:${key}`, entry.taints)
          passed.push(entry)
        } else {
          for (const taint of taints) if (!list.some((t) => t.kind === taint.kind)) list.push(taint)
        }
      }
    }

    for (const expression of outputs) {
      const property = expression.property ?? ''
      const facts: Facts = new Map()
      for (const source of sources) {
        if (!source.properties.includes(property)) continue
        if (
          source.whenNamedLikeSecret !== undefined &&
          !namedLikeSecret(activity, source.whenNamedLikeSecret)
        )
          continue
        if (
          source.trustedWhenLiteral !== undefined &&
          propertyValue(model, activity, source.trustedWhenLiteral)?.kind === 'literal'
        )
          continue
        facts.set(source.taint, {
          kind: source.taint,
          steps: [step(expression, `${activityLabel(activity)} ${property} (${source.label})`)],
        })
      }
      if (isInvoke && expression.key !== undefined && input.invokedOutput !== undefined) {
        for (const taint of input.invokedOutput(activity, expression.key)) {
          if (!facts.has(taint.kind)) facts.set(taint.kind, taint)
        }
      }
      if (PASS_THROUGH_ACTIVITIES.has(local)) joinFacts(facts, inputFacts)
      define(expression, facts, activity, state, undefined)
    }

    // For Each items (and other delegate arguments) take what the loop reads.
    if (LOOP_ACTIVITY.test(local)) {
      for (const symbol of symbols.declaredIn.get(activity) ?? []) {
        if (symbol.kind !== 'delegate') continue
        const stored = storedAs(
          symbol,
          inputFacts,
          step(symbol, `${symbol.name} (${activityLabel(activity)} item)`),
        )
        if (stored.size === 0) state.delete(symbol.id)
        else state.set(symbol.id, stored)
      }
    }
  }

  const namedLikeSecret = (activity: XamlNode, property: string): boolean => {
    const value = propertyValue(model, activity, property)
    const text =
      value?.kind === 'literal'
        ? value.literal.value
        : value?.kind === 'expression'
          ? value.expression.text
          : ''
    const words = text.match(/"([^"]*)"/u)?.[1] ?? text
    return secretNames.isSensitive(words.replace(/[^A-Za-z0-9]+/g, '_'))
  }

  const runChildren = (children: readonly XamlNode[], state: State): State => {
    let current = state
    for (const child of children) current = walk(child, current)
    return current
  }

  /**
   * States recorded while inside Try blocks (innermost last): a Catch may start after any activity
   * of its Try, so it starts from the union of every state the Try went through.
   */
  const traces: State[] = []
  const record = (state: State): void => {
    for (const trace of traces) joinState(trace, state)
  }

  const walkTryCatch = (activity: XamlNode, state: State): State => {
    effect(activity, state)
    const parts = tryCatchesByNode.get(activity)
    if (parts === undefined) return runChildren(activity.children, state)
    const trace = copyState(state)
    traces.push(trace)
    const afterTry = parts.tryBody === undefined ? state : walk(parts.tryBody, state)
    traces.pop()
    joinState(trace, afterTry)
    record(trace)
    const out = afterTry
    for (const handler of parts.catches) {
      if (handler.body !== undefined) joinState(out, walk(handler.body, copyState(trace)))
    }
    if (parts.finallyBody === undefined) return out
    // Finally also runs when no Catch matches: from anything the Try went through, too.
    joinState(out, trace)
    return walk(parts.finallyBody, out)
  }

  const walk = (activity: XamlNode, state: State): State => {
    const after = walkActivity(activity, state)
    if (traces.length > 0) record(after)
    return after
  }

  const walkActivity = (activity: XamlNode, state: State): State => {
    enterScope(activity, state)
    const local = activity.localName
    if (local === 'TryCatch') return walkTryCatch(activity, state)
    if (LOOP_ACTIVITY.test(local)) {
      effect(activity, state)
      for (let round = 0; round < MAX_LOOP_ROUNDS; round++) {
        const after = runChildren(activity.children, copyState(state))
        if (!joinState(state, after)) break
        effect(activity, state)
      }
      return state
    }
    if (BRANCH_ACTIVITIES.has(local)) {
      effect(activity, state)
      const out = copyState(state)
      for (const child of activity.children) joinState(out, walk(child, copyState(state)))
      return out
    }
    if (UNORDERED_ACTIVITIES.has(local)) {
      effect(activity, state)
      for (let round = 0; round < MAX_LOOP_ROUNDS; round++) {
        let changed = false
        for (const child of activity.children) {
          if (joinState(state, walk(child, copyState(state)))) changed = true
        }
        if (!changed) break
      }
      return state
    }
    effect(activity, state)
    return runChildren(activity.children, state)
  }

  // Arguments: what callers pass; SecureStrings are secrets by type.
  const initial: State = new Map()
  for (const symbol of symbols.all) {
    if (symbol.kind !== 'argument') continue
    const facts: Facts = new Map()
    if (symbol.direction === 'In' || symbol.direction === 'InOut') {
      for (const taint of input.argumentTaints?.get(symbol.name.toLowerCase()) ?? []) {
        if (!facts.has(taint.kind)) facts.set(taint.kind, taint)
      }
    }
    if (symbol.typeName === SECURE_STRING_TYPE && !facts.has('secure')) {
      facts.set('secure', { kind: 'secure', steps: [step(symbol, `SecureString argument ${symbol.name}`)] })
    }
    if (facts.size > 0) initial.set(symbol.id, facts)
  }
  const final = walk(root, initial)
  for (const symbol of symbols.all) {
    if (symbol.kind !== 'argument' || (symbol.direction !== 'Out' && symbol.direction !== 'InOut')) continue
    const facts = final.get(symbol.id)
    if (facts !== undefined && facts.size > 0) outputs.set(symbol.name.toLowerCase(), [...facts.values()])
  }
  return { symbols, hits, outputs, passed, writes }
}
