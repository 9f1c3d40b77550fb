/**
 * Reads one cloud flow's JSON into a {@link FlowModel}: where the workflow definition is (told by
 * its keys, see {@link FlowDocumentShape}), its triggers, its actions with their nesting (Scope,
 * If `actions`/`else`, Switch `cases`/`default`, Foreach, Until), `runAfter` edges, retry
 * policies, `runtimeConfiguration`, the connector each step calls, the connection references,
 * and every string value read as the workflow language reads it (workflow-expression.ts).
 *
 * Throws {@link FlowError}: the JSON reader's codes (json-document.ts) and `FLOW_NOT_A_FLOW`.
 *
 * @module
 */
import { FlowError } from './flow-error.js'
import type { FlowLimits } from './flow-limits.js'
import type {
  ConnectionReference,
  ConnectorCall,
  FlowAction,
  FlowDocumentShape,
  FlowModel,
  FlowParameter,
  FlowStep,
  FlowTrigger,
  FlowValue,
  RetryPolicyType,
  RunAfter,
  RuntimeConfiguration,
} from './flow-model.js'
import {
  escapePointerSegment,
  type JsonNode,
  type JsonObject,
  type JsonString,
  member,
  memberEntries,
  readJsonDocument,
  stringMember,
} from './json-document.js'
import {
  type CallNode,
  parseTemplate,
  type TemplateValue,
  templateCalls,
  templateKind,
} from './workflow-expression.js'

const NO_CALLS: readonly CallNode[] = Object.freeze([])
const LITERAL: ParsedTemplate = { template: parseTemplate(''), calls: NO_CALLS }

/** Where the definition is in a parsed document, and which shape that makes it; undefined if none. */
export function locateDefinition(root: JsonNode):
  | {
      readonly shape: FlowDocumentShape
      readonly definition: JsonObject
      readonly displayName: string | undefined
    }
  | undefined {
  if (root.kind !== 'object') return undefined
  const properties = member(root, 'properties')
  const nested = member(properties, 'definition')
  if (nested?.kind === 'object' && isDefinition(nested)) {
    const packaged = stringMember(root, 'type') === 'Microsoft.Flow/flows' || member(root, 'id') !== undefined
    return {
      shape: packaged ? 'package-definition' : 'solution-workflow',
      definition: nested,
      displayName: stringMember(properties, 'displayName'),
    }
  }
  if (isDefinition(root)) return { shape: 'definition', definition: root, displayName: undefined }
  return undefined
}

/** A workflow definition has `triggers` or `actions` objects and, when it says, the workflow schema. */
function isDefinition(node: JsonObject): boolean {
  const schema = stringMember(node, '$schema')
  if (schema !== undefined && !/workflowdefinition\.json/i.test(schema)) return false
  return member(node, 'triggers')?.kind === 'object' || member(node, 'actions')?.kind === 'object'
}

function runtimeOf(step: JsonObject): RuntimeConfiguration {
  const runtime = member(step, 'runtimeConfiguration')
  const secureList = member(member(runtime, 'secureData'), 'properties')
  let secureInputs = false
  let secureOutputs = false
  if (secureList?.kind === 'array') {
    for (const item of secureList.items) {
      if (item.kind !== 'string') continue
      if (item.value === 'inputs') secureInputs = true
      else if (item.value === 'outputs') secureOutputs = true
    }
  }
  const concurrency = member(runtime, 'concurrency')
  const runs = member(concurrency, 'runs')
  const repetitions = member(concurrency, 'repetitions')
  return {
    secureInputs,
    secureOutputs,
    concurrencyRuns: runs?.kind === 'number' ? runs.value : undefined,
    concurrencyRepetitions: repetitions?.kind === 'number' ? repetitions.value : undefined,
  }
}

function retryPolicyOf(step: JsonObject): RetryPolicyType {
  // Logic Apps keeps it in `inputs`; some exports carry it on the step.
  const policy = member(member(step, 'inputs'), 'retryPolicy') ?? member(step, 'retryPolicy')
  if (policy === undefined) return 'absent'
  const type = stringMember(policy, 'type')?.toLowerCase()
  if (type === 'default' || type === 'none' || type === 'fixed' || type === 'exponential') return type
  return 'other'
}

/** `…/apis/shared_sharepointonline` → `shared_sharepointonline`. */
function apiNameFromId(id: string | undefined): string | undefined {
  if (id === undefined) return undefined
  const match = /\/apis\/([^/]+)\/?$/i.exec(id)
  return match?.[1]
}

/** `@parameters('$connections')['shared_office365']['connectionId']` → `shared_office365`. */
function connectionKeyFromExpression(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const match = /^@parameters\('\$connections'\)\['([^']+)'\]/.exec(value.replace(/\s+/g, ''))
  return match?.[1]
}

function connectorOf(
  step: JsonObject,
  type: string,
  references: ReadonlyMap<string, ConnectionReference>,
): ConnectorCall | undefined {
  const inputs = member(step, 'inputs')
  const host = member(inputs, 'host')
  if (host === undefined) return undefined
  if (/^OpenApiConnection/i.test(type)) {
    const connectionKey = stringMember(host, 'connectionName')
    const apiName =
      apiNameFromId(stringMember(host, 'apiId')) ??
      (connectionKey === undefined ? undefined : references.get(connectionKey)?.apiName)
    if (apiName === undefined) return undefined
    return { apiName, operationId: stringMember(host, 'operationId'), connectionKey, method: undefined }
  }
  if (/^ApiConnection/i.test(type)) {
    const connectionKey = connectionKeyFromExpression(stringMember(member(host, 'connection'), 'name'))
    const apiName =
      (connectionKey === undefined ? undefined : references.get(connectionKey)?.apiName) ??
      apiNameFromId(stringMember(member(host, 'api'), 'runtimeUrl')) ??
      connectionKey?.replace(/_\d+$/, '')
    if (apiName === undefined) return undefined
    // The designer records the operation an ApiConnection step calls in its metadata.
    const operationId = stringMember(
      member(member(step, 'metadata'), 'flowSystemMetadata'),
      'swaggerOperationId',
    )
    return { apiName, operationId, connectionKey, method: stringMember(inputs, 'method')?.toLowerCase() }
  }
  return undefined
}

function connectionReferencesOf(properties: JsonNode | undefined): ConnectionReference[] {
  const references = member(properties, 'connectionReferences')
  if (references?.kind !== 'object') return []
  const out: ConnectionReference[] = []
  for (const [key, reference] of memberEntries(references)) {
    const apiName =
      stringMember(member(reference, 'api'), 'name') ??
      apiNameFromId(stringMember(reference, 'id')) ??
      key.replace(/_\d+$/, '')
    out.push({
      key,
      apiName,
      logicalName: stringMember(member(reference, 'connection'), 'connectionReferenceLogicalName'),
      line: reference.line,
      column: reference.column,
    })
  }
  return out
}

/** The step's own keys that hold nested actions (not its values). */
function nestedKeys(type: string): ReadonlySet<string> {
  if (type === 'If') return IF_KEYS
  if (type === 'Switch') return SWITCH_KEYS
  return CONTAINER_KEYS
}
const CONTAINER_KEYS: ReadonlySet<string> = new Set(['actions'])
const IF_KEYS: ReadonlySet<string> = new Set(['actions', 'else'])
const SWITCH_KEYS: ReadonlySet<string> = new Set(['actions', 'cases', 'default'])
/** Keys whose strings are not run: designer metadata, notes, edges. */
const NOT_VALUES: ReadonlySet<string> = new Set(['metadata', 'description', 'runAfter'])

interface ParsedTemplate {
  readonly template: TemplateValue
  readonly calls: readonly CallNode[]
}

/**
 * The `@` strings of one flow, each distinct text parsed once and only when first asked for: a
 * third of them repeat within a flow (the same `@parameters('$connections')[…]`,
 * `@body('Get_item')?['ID']` in many steps), and most are read by no rule that needs their AST.
 * The parsed template and its calls are immutable, so values with the same text share them.
 */
class FlowTemplates {
  private readonly parsed = new Map<string, ParsedTemplate>()

  /** The parsed template of `text`, which holds an expression (its kind is not `literal`). */
  of(text: string): ParsedTemplate {
    let parsed = this.parsed.get(text)
    if (parsed === undefined) {
      const template = parseTemplate(text)
      parsed = { template, calls: templateCalls(template) }
      this.parsed.set(text, parsed)
    }
    return parsed
  }
}

/** The keys of a step's own object that hold nested actions (their strings are not its values). */
function nestedKeysOf(owner: FlowStep): ReadonlySet<string> {
  return owner.role === 'action' ? nestedKeys(owner.type) : CONTAINER_KEYS
}

/**
 * A value as the reader records it: four fields per string. Its path and template are worked out
 * on first read (see {@link FlowValue}); building a pointer string and parsing every `@` string
 * for every value was most of the model's cost, for the few values a rule reports or parses.
 */
class FlowValueRecord implements FlowValue {
  private pathText: string | undefined = undefined

  constructor(
    readonly owner: FlowStep,
    readonly node: JsonString,
    readonly key: string,
    readonly runInput: boolean,
    readonly kind: TemplateValue['kind'],
    private readonly templates: FlowTemplates,
  ) {}

  get path(): string {
    this.pathText ??= pathFromStep(this.owner, this.node)
    return this.pathText
  }

  get template(): TemplateValue {
    return this.kind === 'literal' ? LITERAL.template : this.templates.of(this.node.value).template
  }

  get calls(): readonly CallNode[] {
    return this.kind === 'literal' ? NO_CALLS : this.templates.of(this.node.value).calls
  }
}

/** The JSON pointer from `owner`'s object to `target` (one of its values), found by identity. */
function pathFromStep(owner: FlowStep, target: JsonString): string {
  const { keys, values } = owner.json
  const nested = nestedKeysOf(owner)
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string
    if (nested.has(key) || NOT_VALUES.has(key)) continue
    const path = pathWithin(values[i] as JsonNode, target, escapePointerSegment(key))
    if (path !== undefined) return path
  }
  throw new Error('a flow value is not inside its step') // the reader records values from the step only
}

function pathWithin(node: JsonNode, target: JsonString, path: string): string | undefined {
  if (node === target) return path
  const children = node.kind === 'object' ? node.values : node.kind === 'array' ? node.items : []
  for (let i = 0; i < children.length; i++) {
    const segment = node.kind === 'object' ? escapePointerSegment(node.keys[i] as string) : String(i)
    const found = pathWithin(children[i] as JsonNode, target, `${path}/${segment}`)
    if (found !== undefined) return found
  }
  return undefined
}

class FlowBuilder {
  readonly actions: FlowAction[] = []
  readonly values: FlowValue[] = []
  readonly expressions: FlowValue[] = []
  readonly templates = new FlowTemplates()

  constructor(private readonly references: ReadonlyMap<string, ConnectionReference>) {}

  trigger(name: string, json: JsonObject, pointer: string): FlowTrigger {
    const type = stringMember(json, 'type') ?? ''
    return {
      role: 'trigger',
      name,
      type,
      kind: stringMember(json, 'kind'),
      pointer,
      line: json.line,
      column: json.column,
      json,
      inputs: member(json, 'inputs'),
      runtime: runtimeOf(json),
      retryPolicy: retryPolicyOf(json),
      connector: connectorOf(json, type, this.references),
    }
  }

  collectValues(owner: FlowStep): void {
    const { keys, values } = owner.json
    const nested = nestedKeysOf(owner)
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string
      if (nested.has(key) || NOT_VALUES.has(key)) continue
      this.walkValues(owner, values[i] as JsonNode, key, key === 'inputs')
    }
  }

  /** Records every string under `node` (index loops, no pairs nor closures: this visits every node). */
  private walkValues(owner: FlowStep, node: JsonNode, key: string, runInput: boolean): void {
    if (node.kind === 'string') {
      // Most strings have no `@` at all (one native scan says so); the others are read for their kind.
      const kind = node.value.indexOf('@') < 0 ? 'literal' : templateKind(node.value)
      const value = new FlowValueRecord(owner, node, key, runInput, kind, this.templates)
      this.values.push(value)
      if (kind !== 'literal') this.expressions.push(value)
    } else if (node.kind === 'object') {
      const { keys, values } = node
      for (let i = 0; i < keys.length; i++) {
        const childKey = keys[i] as string
        this.walkValues(owner, values[i] as JsonNode, childKey, runInput && childKey !== 'schema')
      }
    } else if (node.kind === 'array') {
      const { items } = node
      for (let index = 0; index < items.length; index++) {
        const item = items[index] as JsonNode
        // The key is the index only for a string item; containers pass their own keys down.
        this.walkValues(owner, item, item.kind === 'string' ? String(index) : '', runInput)
      }
    }
  }

  /**
   * The actions of one `actions` object, then their nested actions (document order), appended to
   * `list` (a container's `children` gathers all its branches in one array).
   */
  actionList(
    container: JsonNode | undefined,
    pointer: string,
    parent: FlowAction | undefined,
    branch: string | undefined,
    list: FlowAction[] = [],
  ): FlowAction[] {
    if (container?.kind !== 'object') return list
    const { keys, values } = container
    for (let at = 0; at < keys.length; at++) {
      const name = keys[at] as string
      const json = values[at] as JsonNode
      if (json.kind !== 'object') continue
      const actionPointer = `${pointer}/${escapePointerSegment(name)}`
      const children: FlowAction[] = []
      const limit = member(json, 'limit')
      const count = member(limit, 'count')
      const type = stringMember(json, 'type') ?? ''
      // Written out field by field (no spread of a shared base): this is the reader's hot loop.
      const action: FlowAction = {
        role: 'action',
        name,
        type,
        kind: stringMember(json, 'kind'),
        pointer: actionPointer,
        line: json.line,
        column: json.column,
        json,
        inputs: member(json, 'inputs'),
        runtime: runtimeOf(json),
        retryPolicy: retryPolicyOf(json),
        connector: connectorOf(json, type, this.references),
        parent,
        branch,
        depth: (parent?.depth ?? 0) + 1,
        runAfter: runAfterOf(json),
        children,
        limit:
          limit === undefined
            ? undefined
            : {
                count: count?.kind === 'number' || count?.kind === 'string' ? count.value : undefined,
                timeout: stringMember(limit, 'timeout'),
              },
      }
      this.actions.push(action)
      this.collectValues(action)
      list.push(action)
      this.actionList(member(json, 'actions'), `${actionPointer}/actions`, action, 'actions', children)
      if (action.type === 'If') this.branchActions(json, 'else', action, children)
      if (action.type === 'Switch') {
        const cases = member(json, 'cases')
        if (cases?.kind === 'object') {
          for (const [caseName, caseJson] of memberEntries(cases)) {
            const segment = escapePointerSegment(caseName)
            this.actionList(
              member(caseJson, 'actions'),
              `${actionPointer}/cases/${segment}/actions`,
              action,
              `cases/${caseName}`,
              children,
            )
          }
        }
        this.branchActions(json, 'default', action, children)
      }
    }
    return list
  }

  /** The actions of an If's `else` or a Switch's `default` branch, appended to `children`. */
  private branchActions(json: JsonObject, branch: string, action: FlowAction, children: FlowAction[]): void {
    this.actionList(
      member(member(json, branch), 'actions'),
      `${action.pointer}/${branch}/actions`,
      action,
      branch,
      children,
    )
  }
}

function runAfterOf(json: JsonObject): RunAfter[] {
  const runAfter = member(json, 'runAfter')
  if (runAfter?.kind !== 'object') return []
  const edges: RunAfter[] = []
  const { keys, values } = runAfter
  for (let i = 0; i < keys.length; i++) {
    const statuses = values[i] as JsonNode
    const written: string[] = []
    if (statuses.kind === 'array')
      for (const s of statuses.items) if (s.kind === 'string') written.push(s.value)
    edges.push({ action: keys[i] as string, statuses: written })
  }
  return edges
}

function parametersOf(definition: JsonObject): FlowParameter[] {
  const parameters = member(definition, 'parameters')
  if (parameters?.kind !== 'object') return []
  return memberEntries(parameters).map(([name, parameter]) => ({
    name,
    type: stringMember(parameter, 'type'),
    line: parameter.line,
    column: parameter.column,
    defaultValue: stringMember(parameter, 'defaultValue'),
  }))
}

/** The expressions that did not parse (parses every one: for tests and diagnostics, not rules). */
function expressionErrorsOf(values: readonly FlowValue[]): Array<{ value: FlowValue; reason: string }> {
  const errors: Array<{ value: FlowValue; reason: string }> = []
  for (const value of values) {
    for (const segment of value.template.segments)
      if (segment.kind === 'error') errors.push({ value, reason: segment.reason })
  }
  return errors
}

/** Builds the model from a parsed document; `path` names the flow in the submission. */
export function buildFlowModel(root: JsonNode, path: string): FlowModel {
  const located = locateDefinition(root)
  if (located === undefined) {
    throw new FlowError(
      'FLOW_NOT_A_FLOW',
      'the JSON is not a cloud flow: no workflow definition with triggers or actions (at the top, or in properties.definition)',
      { fileName: path, line: root.line, column: root.column },
    )
  }
  const { definition } = located
  const connectionReferences = connectionReferencesOf(
    root.kind === 'object' ? member(root, 'properties') : undefined,
  )
  const builder = new FlowBuilder(
    new Map(connectionReferences.map((reference) => [reference.key, reference])),
  )
  const triggers: FlowTrigger[] = []
  const triggerList = member(definition, 'triggers')
  if (triggerList?.kind === 'object') {
    for (const [name, json] of memberEntries(triggerList)) {
      if (json.kind !== 'object') continue
      const trigger = builder.trigger(name, json, `#/triggers/${escapePointerSegment(name)}`)
      triggers.push(trigger)
      builder.collectValues(trigger)
    }
  }
  const topLevel = builder.actionList(member(definition, 'actions'), '#/actions', undefined, undefined)
  const actionsByName = new Map<string, FlowAction>()
  for (const action of builder.actions)
    if (!actionsByName.has(action.name)) actionsByName.set(action.name, action)
  const fields: Omit<FlowModel, 'expressionErrors'> = {
    path,
    shape: located.shape,
    displayName: located.displayName,
    line: definition.line,
    column: definition.column,
    triggers,
    actions: builder.actions,
    actionsByName,
    topLevel,
    parameters: parametersOf(definition),
    connectionReferences,
    values: builder.values,
    expressions: builder.expressions,
  }
  return Object.assign(Object.create(FLOW_MODEL_PROTOTYPE) as typeof FLOW_MODEL_PROTOTYPE, fields)
}

/**
 * What every model shares, on its prototype: `expressionErrors`, worked out when read. A getter
 * written in the model's object literal gave each model its own accessor and made reading the
 * corpus about 4× slower (measured, most of it in the garbage collector).
 */
const FLOW_MODEL_PROTOTYPE = {
  get expressionErrors(): ReadonlyArray<{ readonly value: FlowValue; readonly reason: string }> {
    return expressionErrorsOf((this as unknown as FlowModel).expressions)
  },
}

/** Reads one flow's bytes (or text) into its model. Throws {@link FlowError}. */
export function readFlow(
  content: Uint8Array | string,
  path: string,
  limits: Partial<FlowLimits> = {},
): FlowModel {
  return buildFlowModel(readJsonDocument(content, path, limits), path)
}
