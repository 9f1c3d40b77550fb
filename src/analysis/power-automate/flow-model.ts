/**
 * The model of one Power Automate cloud flow, as the reader (read-flow.ts) builds it and the
 * `FC-PAF-…` rules read it. Pure data; positions are 1-based lines and columns in the flow's
 * JSON, and every action and trigger carries its path in the workflow definition (`#/actions/
 * Scope_Try/actions/HTTP`, a JSON pointer from the definition, as the designer's code view shows
 * it).
 *
 * @module
 */
import type { JsonNode, JsonObject, JsonString } from './json-document.js'
import type { CallNode, TemplateValue } from './workflow-expression.js'

/** Where the flow's definition was found (told apart by its keys, not by the file's name). */
export type FlowDocumentShape =
  /** A solution's `Workflows/<Name>-<GUID>.json`: `{ properties: { connectionReferences, definition }, schemaVersion }`. */
  | 'solution-workflow'
  /** A legacy package's `definition.json`: `{ name, id, type: 'Microsoft.Flow/flows', properties: { displayName, definition, … } }`. */
  | 'package-definition'
  /** A bare workflow definition: `{ $schema, triggers, actions, … }`. */
  | 'definition'

export interface RuntimeConfiguration {
  /** `runtimeConfiguration.secureData.properties` has `inputs`. */
  readonly secureInputs: boolean
  /** `runtimeConfiguration.secureData.properties` has `outputs`. */
  readonly secureOutputs: boolean
  /** Trigger: `concurrency.runs`; undefined when not set (runs in parallel, up to the platform's limit). */
  readonly concurrencyRuns: number | undefined
  /** Foreach: `concurrency.repetitions`. */
  readonly concurrencyRepetitions: number | undefined
}

/** `retryPolicy` as written; `absent` means the platform's default (exponential, 4 retries). */
export type RetryPolicyType = 'absent' | 'default' | 'none' | 'fixed' | 'exponential' | 'other'

/** The connector an `OpenApiConnection` / `ApiConnection` step calls. */
export interface ConnectorCall {
  /** The API's name, `shared_sharepointonline`, from `host.apiId` or the connection reference. */
  readonly apiName: string
  /**
   * `host.operationId` (OpenApiConnection); for ApiConnection, which calls a path, the designer's
   * `metadata.flowSystemMetadata.swaggerOperationId` when present.
   */
  readonly operationId: string | undefined
  /** The connection reference's key in `connectionReferences` (`shared_sharepointonline_1`). */
  readonly connectionKey: string | undefined
  /** ApiConnection: `inputs.method` (`get`, `post`…). */
  readonly method: string | undefined
}

/**
 * One string value inside a trigger's or action's own JSON (not its nested actions'). The reader
 * records each cheaply (step, node, key, run-input flag); its path and its parsed template are
 * worked out when first read, since rules read them for few values (findings, `@` strings).
 */
export interface FlowValue {
  /** The step the value belongs to. */
  readonly owner: FlowStep
  /**
   * JSON pointer from the step's object (`inputs/headers/Authorization`; a `/` in a key is `~1`:
   * `inputs/parameters/item~1cat_name`). Built on first read.
   */
  readonly path: string
  /** The last key (`Authorization`, `item/cat_name`), or the index in an array. */
  readonly key: string
  readonly node: JsonString
  /** How the workflow language reads it, from the text alone (no parse): `template.kind`. */
  readonly kind: TemplateValue['kind']
  /**
   * The value as the workflow language reads it (literal, expression, interpolation), parsed on
   * first read; each distinct text once per flow.
   */
  readonly template: TemplateValue
  /**
   * Under the step's `inputs` and not in a JSON schema (a trigger's or Response's `schema`
   * describes fields and holds no data): what the step sends when it runs.
   */
  readonly runInput: boolean
  /** Every function call in the value's expressions, depth-first (empty for a literal; parses it). */
  readonly calls: readonly CallNode[]
}

interface FlowStepBase {
  /** The key the step is stored under (`Get_items`, `HTTP`), which expressions refer to. */
  readonly name: string
  /** `type` as written (`OpenApiConnection`, `Scope`, `If`, `Http`…). */
  readonly type: string
  readonly kind: string | undefined
  /** Path in the workflow definition: `#/actions/Scope_Try/actions/HTTP`, `#/triggers/manual`. */
  readonly pointer: string
  readonly line: number
  readonly column: number
  readonly json: JsonObject
  readonly inputs: JsonNode | undefined
  readonly runtime: RuntimeConfiguration
  readonly retryPolicy: RetryPolicyType
  readonly connector: ConnectorCall | undefined
}

export interface FlowTrigger extends FlowStepBase {
  readonly role: 'trigger'
}

/** A runAfter edge: this action runs after `action` ended in one of `statuses`. */
export interface RunAfter {
  readonly action: string
  /** `Succeeded`, `Failed`, `Skipped`, `TimedOut` as written. */
  readonly statuses: readonly string[]
}

export interface FlowAction extends FlowStepBase {
  readonly role: 'action'
  /** The container action, or undefined at the top level. */
  readonly parent: FlowAction | undefined
  /** Where in the parent: `actions`, `else`, `cases/<name>`, `default`; undefined at the top. */
  readonly branch: string | undefined
  /** 1 at the top level, 2 inside one container… */
  readonly depth: number
  readonly runAfter: readonly RunAfter[]
  /** Nested actions, in document order (every branch). */
  readonly children: readonly FlowAction[]
  /** Until: `limit.count` / `limit.timeout` as written, else undefined. */
  readonly limit:
    | { readonly count: number | string | undefined; readonly timeout: string | undefined }
    | undefined
}

export type FlowStep = FlowTrigger | FlowAction

export interface FlowParameter {
  readonly name: string
  readonly type: string | undefined
  readonly line: number
  readonly column: number
  /** The parameter's `defaultValue` when it is a string. */
  readonly defaultValue: string | undefined
}

export interface ConnectionReference {
  /** Key in `connectionReferences` (`shared_sharepointonline_1`). */
  readonly key: string
  /** API name (`shared_sharepointonline`), from `api.name` (solution) or `id` (package). */
  readonly apiName: string
  /** A solution's `connection.connectionReferenceLogicalName`, else undefined. */
  readonly logicalName: string | undefined
  readonly line: number
  readonly column: number
}

/** The model of one flow. */
export interface FlowModel {
  /** The flow's path in the submission (`Workflows/Approve-….json`), or the file's name. */
  readonly path: string
  readonly shape: FlowDocumentShape
  /** `properties.displayName` when the file has one. */
  readonly displayName: string | undefined
  /** The definition's own position. */
  readonly line: number
  readonly column: number
  readonly triggers: readonly FlowTrigger[]
  /** Every action at every depth, in document order (a container before its children). */
  readonly actions: readonly FlowAction[]
  readonly actionsByName: ReadonlyMap<string, FlowAction>
  /** Top-level actions. */
  readonly topLevel: readonly FlowAction[]
  readonly parameters: readonly FlowParameter[]
  readonly connectionReferences: readonly ConnectionReference[]
  /** Every string in every trigger and action (not inside nested actions' own lists twice). */
  readonly values: readonly FlowValue[]
  /**
   * The values that hold an expression (`kind` not literal), in document order: the one list the
   * rules that read expressions walk (a flow's strings are mostly literal text).
   */
  readonly expressions: readonly FlowValue[]
  /** Expressions that did not parse: where, and why (parses every `@` string on first read). */
  readonly expressionErrors: ReadonlyArray<{ readonly value: FlowValue; readonly reason: string }>
}

/** The submission a flow belongs to, as rules see it. */
export interface FlowSubmissionContext {
  /** `solution`, `package` or `flows` (loose files, or one flow). */
  readonly kind: 'solution' | 'package' | 'flows'
  /** Workflow ids (lower case) of the solution's flows, from their file names. */
  readonly workflowIds: ReadonlySet<string>
}

/** What the Power Automate analyzer gives its rules: every readable flow of the submission. */
export interface FlowSubmissionModel {
  readonly context: FlowSubmissionContext
  readonly flows: readonly FlowModel[]
}
