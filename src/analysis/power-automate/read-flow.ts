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
  member,
  memberEntries,
  readJsonDocument,
  stringMember,
} from './json-document.js'
import { type CallNode, parseTemplate, type TemplateValue, templateCalls } from './workflow-expression.js'

const LITERAL_TEMPLATE: TemplateValue = parseTemplate('')
const NO_CALLS: readonly CallNode[] = Object.freeze([])
const LITERAL = { template: LITERAL_TEMPLATE, calls: NO_CALLS }

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

class FlowBuilder {
  readonly actions: FlowAction[] = []
  readonly values: FlowValue[] = []
  /**
   * Each distinct `@` string of the flow parsed once: a third of them repeat within a flow (the
   * same `@parameters('$connections')[…]`, `@body('Get_item')?['ID']` in many steps). The parsed
   * template and its calls are immutable, so values with the same text share them.
   */
  private readonly templates = new Map<string, { template: TemplateValue; calls: readonly CallNode[] }>()

  private parsed(text: string): { template: TemplateValue; calls: readonly CallNode[] } {
    let parsed = this.templates.get(text)
    if (parsed === undefined) {
      const template = parseTemplate(text)
      parsed = { template, calls: template.kind === 'literal' ? NO_CALLS : templateCalls(template) }
      this.templates.set(text, parsed)
    }
    return parsed
  }
  readonly expressionErrors: Array<{ value: FlowValue; reason: string }> = []

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
    const skip = owner.role === 'action' ? nestedKeys(owner.type) : CONTAINER_KEYS
    const { keys, values } = owner.json
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string
      if (skip.has(key) || NOT_VALUES.has(key)) continue
      this.walkValues(owner, values[i] as JsonNode, escapePointerSegment(key), key, key === 'inputs')
    }
  }

  private walkValues(owner: FlowStep, node: JsonNode, path: string, key: string, runInput: boolean): void {
    if (node.kind === 'string') {
      const { template, calls } = node.value.includes('@') ? this.parsed(node.value) : LITERAL
      const value: FlowValue = { owner, path, key, node, template, runInput, calls }
      this.values.push(value)
      for (const segment of template.segments) {
        if (segment.kind === 'error') this.expressionErrors.push({ value, reason: segment.reason })
      }
    } else if (node.kind === 'object') {
      // Index loops, no [key, value] pairs nor closures: this runs on every node of every step.
      const { keys, values } = node
      for (let i = 0; i < keys.length; i++) {
        const childKey = keys[i] as string
        this.walkValues(
          owner,
          values[i] as JsonNode,
          `${path}/${escapePointerSegment(childKey)}`,
          childKey,
          runInput && childKey !== 'schema',
        )
      }
    } else if (node.kind === 'array') {
      const { items } = node
      for (let index = 0; index < items.length; index++) {
        const key = String(index)
        this.walkValues(owner, items[index] as JsonNode, `${path}/${key}`, key, runInput)
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
  return {
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
    expressionErrors: builder.expressionErrors,
  }
}

/** Reads one flow's bytes (or text) into its model. Throws {@link FlowError}. */
export function readFlow(
  content: Uint8Array | string,
  path: string,
  limits: Partial<FlowLimits> = {},
): FlowModel {
  return buildFlowModel(readJsonDocument(content, path, limits), path)
}
