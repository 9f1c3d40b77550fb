/**
 * XAML namespace knowledge: the namespace URIs UiPath workflows use, canonical short prefixes (so the
 * model's `type` strings do not depend on the prefixes a file chose), node classification, and CLR
 * type-name resolution (`s:Exception` → `System.Exception`). Pure functions and constant tables.
 *
 * @module
 */
import type { NodeKind } from './workflow-model.js'

/** Namespace URIs, by their usual prefix. */
export const XAML_NS = Object.freeze({
  activities: 'http://schemas.microsoft.com/netfx/2009/xaml/activities',
  x: 'http://schemas.microsoft.com/winfx/2006/xaml',
  ui: 'http://schemas.uipath.com/workflow/activities',
  uix: 'http://schemas.uipath.com/workflow/activities/uix',
  sap: 'http://schemas.microsoft.com/netfx/2009/xaml/activities/presentation',
  sap2010: 'http://schemas.microsoft.com/netfx/2010/xaml/activities/presentation',
  sads: 'http://schemas.microsoft.com/netfx/2010/xaml/activities/debugger',
  mc: 'http://schemas.openxmlformats.org/markup-compatibility/2006',
  av: 'http://schemas.microsoft.com/winfx/2006/xaml/presentation',
})

const CLR_PREFIX = 'clr-namespace:'

/** Canonical prefixes of well-known CLR namespaces (`clr-namespace:System;assembly=…` → `s`). */
const CLR_CANONICAL_PREFIX: Readonly<Record<string, string>> = {
  System: 's',
  'System.Collections': 'sc',
  'System.Collections.Generic': 'scg',
  'System.Collections.ObjectModel': 'sco',
  'System.Data': 'sd',
  'System.IO': 'si',
  'System.Security': 'ss',
  'System.Activities': 'sa',
  'System.Activities.Statements': 'sas',
  'System.Activities.Expressions': 'sae',
  'Microsoft.VisualBasic': 'mv',
  'Microsoft.VisualBasic.Activities': 'mva',
  'Microsoft.CSharp.Activities': 'mca',
  'UiPath.Core': 'uc',
  'UiPath.Core.Activities': 'uca',
}

const URI_CANONICAL_PREFIX: Readonly<Record<string, string>> = {
  [XAML_NS.activities]: '',
  [XAML_NS.x]: 'x',
  [XAML_NS.ui]: 'ui',
  [XAML_NS.uix]: 'uix',
  [XAML_NS.sap]: 'sap',
  [XAML_NS.sap2010]: 'sap2010',
  [XAML_NS.sads]: 'sads',
  [XAML_NS.mc]: 'mc',
  [XAML_NS.av]: 'av',
}

/**
 * CLR namespaces of other products' Workflow Foundation hosts, with what their workflows are. Such a
 * file is a `.xaml` `Activity` like a UiPath workflow, but its steps are that product's activities
 * (Dataverse writes `<mxswa:Workflow>` from `Microsoft.Xrm.Sdk.Workflow.Activities` as the main
 * element); UiPath's rules must not judge it. Data: add a host here when one turns up.
 */
const FOREIGN_WORKFLOW_HOSTS: Readonly<Record<string, string>> = Object.freeze({
  'Microsoft.Xrm.Sdk.Workflow.Activities': 'a Dataverse (Dynamics 365) classic workflow',
})

/** What kind of non-UiPath workflow an element of this namespace URI starts, or undefined. */
export function foreignWorkflowHost(uri: string): string | undefined {
  const clr = clrNamespaceOf(uri)
  return clr === undefined ? undefined : FOREIGN_WORKFLOW_HOSTS[clr]
}

/** The CLR namespace of a `clr-namespace:NS;assembly=A` URI (`NS`), or undefined for other URIs. */
export function clrNamespaceOf(uri: string): string | undefined {
  if (!uri.startsWith(CLR_PREFIX)) return undefined
  const semi = uri.indexOf(';', CLR_PREFIX.length)
  return (semi < 0 ? uri.slice(CLR_PREFIX.length) : uri.slice(CLR_PREFIX.length, semi)).trim()
}

/**
 * Canonical short prefix for a namespace URI: `ui`, `x`, `''` for the activities namespace, `s`/`scg`/
 * `mca`… for well-known CLR namespaces; `fallback` (the prefix written in the file) otherwise.
 */
export function canonicalPrefix(uri: string, fallback: string): string {
  const known = URI_CANONICAL_PREFIX[uri]
  if (known !== undefined) return known
  const clr = clrNamespaceOf(uri)
  if (clr !== undefined) {
    const p = CLR_CANONICAL_PREFIX[clr]
    if (p !== undefined) return p
  }
  return fallback
}

/** True for namespaces that carry only designer metadata (view state, hint sizes, annotations). */
export function isDesignerNamespace(uri: string): boolean {
  return uri === XAML_NS.sap || uri === XAML_NS.sap2010 || uri === XAML_NS.sads || uri === XAML_NS.mc
}

const MVA = 'Microsoft.VisualBasic.Activities'
const MCA = 'Microsoft.CSharp.Activities'

/** `VisualBasic` / `CSharp` when the element is an expression element, by local name + namespace URI. */
export function expressionElementLanguage(
  localName: string,
  uri: string,
): 'VisualBasic' | 'CSharp' | undefined {
  if (localName === 'CSharpValue' || localName === 'CSharpReference') {
    if (uri === XAML_NS.activities || clrNamespaceOf(uri) === MCA) return 'CSharp'
  } else if (localName === 'VisualBasicValue' || localName === 'VisualBasicReference') {
    if (uri === XAML_NS.activities || clrNamespaceOf(uri) === MVA) return 'VisualBasic'
  }
  return undefined
}

const ACTIVITIES_KINDS: Readonly<Record<string, NodeKind>> = {
  Activity: 'value',
  FlowStep: 'flowNode',
  FlowDecision: 'flowNode',
  FlowSwitch: 'flowNode',
  State: 'state',
  FinalState: 'state',
  Transition: 'transition',
  Catch: 'catch',
  ActivityAction: 'delegate',
  ActivityFunc: 'delegate',
  InArgument: 'argument',
  OutArgument: 'argument',
  InOutArgument: 'argument',
  Variable: 'variable',
  DelegateInArgument: 'variable',
  DelegateOutArgument: 'variable',
  AssemblyReference: 'value',
  VisualBasicSettings: 'value',
  VisualBasicImportReference: 'value',
}

/**
 * UiPath types that are property objects (targets, options, positions, operations), not activities:
 * they are written as the value of an activity's property (`<uix:NClick.VerifyOptions>
 * <uix:VerifyExecutionOptions …>`, `<ui:Click.CursorPosition><ui:CursorPosition …>`) and never run
 * as a step. Grounded in the corpus (`/work/shared/corpus`: TargetAnchorable, CursorPosition,
 * VerifyExecutionOptions, PointOffset, FilterOperationArgument) and UiPath's UI Automation and
 * System packages (Target, TargetApp, BrowserTarget, InputTarget, Region, ClippingRegion, …).
 * Any other UiPath type whose name ends in `Options` or `Settings` is one too (see
 * {@link classifyElement}), as is an object whose type has the name of the property holding it.
 */
const UIPATH_VALUE_TYPES = new Set([
  'Target',
  'TargetAnchorable',
  'TargetApp',
  'TargetAppModel',
  'BrowserTarget',
  'Selector',
  'AssignOperation',
  'IfElseIfBlock',
  'InputTarget',
  'NExtractMetadata',
  // One condition of Filter Data Table (`FilterDataTable.Filters`): an option object, not a step.
  'FilterOperationArgument',
  'SelectColumnArgument',
  'CursorPosition',
  'PointOffset',
  'Region',
  'ClippingRegion',
  'VerifyExecutionOptions',
  'NativeTextSettings',
  'OCRSettings',
  'ImageTarget',
  'AnchorTarget',
  'TargetAnchor',
  'ElementVisibility',
])

/** Name endings of UiPath option/setting objects (`VerifyExecutionOptions`, `ScrollOptions`, `…Settings`). */
const UIPATH_OPTION_SUFFIX = /(?:Options|Settings)$/

/**
 * Classifies an object element (see {@link NodeKind}). `inProperty` is the member of the property
 * element holding it, if any: a UiPath or CLR-namespace object held by a property of its own type's
 * name (`<ui:Click.CursorPosition><ui:CursorPosition>`, `<x.Target><ui:Target>`) is that property's
 * value object, not an activity.
 */
export function classifyElement(localName: string, uri: string, inProperty?: string): NodeKind {
  if (uri === XAML_NS.activities) {
    const k = ACTIVITIES_KINDS[localName]
    if (k !== undefined) return k
    if (expressionElementLanguage(localName, uri) !== undefined) return 'expression'
    return 'activity'
  }
  if (uri === XAML_NS.x) {
    if (localName === 'Reference') return 'reference'
    if (localName === 'Members' || localName === 'Property') return 'member'
    return 'value'
  }
  if (isDesignerNamespace(uri) || uri === XAML_NS.av) return 'value'
  const kind = classifyByNamespace(localName, uri)
  if (kind === 'activity' && (inProperty === localName || UIPATH_OPTION_SUFFIX.test(localName)))
    return 'value'
  return kind
}

function classifyByNamespace(localName: string, uri: string): NodeKind {
  if (uri === XAML_NS.ui || uri === XAML_NS.uix) {
    return UIPATH_VALUE_TYPES.has(localName) ? 'value' : 'activity'
  }
  if (uri.startsWith(CLR_PREFIX)) {
    if (expressionElementLanguage(localName, uri) !== undefined) return 'expression'
    const clr = clrNamespaceOf(uri) ?? ''
    if (clr === 'System.Activities.Statements') {
      const k = ACTIVITIES_KINDS[localName]
      return k ?? 'activity'
    }
    // System.*, Microsoft.VisualBasic, Newtonsoft… are value types; other CLR namespaces hold activities.
    if (
      clr === 'System' ||
      clr.startsWith('System.') ||
      clr.startsWith('Microsoft.') ||
      clr === 'Newtonsoft.Json'
    )
      return 'value'
    if (clr.startsWith('Newtonsoft.')) return 'value'
    return UIPATH_VALUE_TYPES.has(localName) && clr.startsWith('UiPath.') ? 'value' : 'activity'
  }
  if (uri.startsWith('http://schemas.uipath.com/'))
    return UIPATH_VALUE_TYPES.has(localName) ? 'value' : 'activity'
  return 'value'
}

const X_TYPES: Readonly<Record<string, string>> = {
  String: 'System.String',
  Object: 'System.Object',
  Boolean: 'System.Boolean',
  Int16: 'System.Int16',
  Int32: 'System.Int32',
  Int64: 'System.Int64',
  Double: 'System.Double',
  Single: 'System.Single',
  Decimal: 'System.Decimal',
  Char: 'System.Char',
  Byte: 'System.Byte',
  TimeSpan: 'System.TimeSpan',
  Uri: 'System.Uri',
  Type: 'System.Type',
  Array: 'System.Array',
  Null: 'null',
}

const UIPATH_CORE_TYPES = new Set([
  'BusinessRuleException',
  'QueueItem',
  'GenericValue',
  'UiElement',
  'Image',
  'Window',
  'Selector',
])

/** CLR name of a type given its namespace URI and local name (`ui` + `BusinessRuleException` → `UiPath.Core.BusinessRuleException`). */
export function clrTypeName(uri: string | undefined, localName: string): string {
  if (uri === undefined) return localName
  const clr = clrNamespaceOf(uri)
  if (clr !== undefined) return clr === '' ? localName : `${clr}.${localName}`
  if (uri === XAML_NS.x) return X_TYPES[localName] ?? `System.${localName}`
  if (uri === XAML_NS.activities) return `System.Activities.${localName}`
  if (uri === XAML_NS.ui) {
    return UIPATH_CORE_TYPES.has(localName)
      ? `UiPath.Core.${localName}`
      : `UiPath.Core.Activities.${localName}`
  }
  return localName
}

const TYPE_TOKEN = /([A-Za-z_][\w.]*:)?([A-Za-z_][\w`]*)/g

/**
 * Resolves a XAML type reference (`s:Exception`, `scg:Dictionary(x:String, x:Object)`, `s:String[]`)
 * to a CLR-style name (`System.Exception`, `System.Collections.Generic.Dictionary<System.String,
 * System.Object>`, `System.String[]`), looking prefixes up with `resolvePrefix` (in the element's scope).
 */
export function resolveTypeReference(
  text: string,
  resolvePrefix: (prefix: string) => string | undefined,
): string {
  const resolved = text.replace(TYPE_TOKEN, (_m, prefixWithColon: string | undefined, name: string) => {
    const prefix = prefixWithColon === undefined ? '' : prefixWithColon.slice(0, -1)
    return clrTypeName(resolvePrefix(prefix), name)
  })
  return resolved
    .replace(/\(/g, '<')
    .replace(/\)/g, '>')
    .replace(/\s*,\s*/g, ', ')
}

/**
 * The prefixed names in a XAML type reference or `{x:Type …}` markup, with their namespace URIs
 * (`scg:List(ui:QueueItem)` → `scg` and `ui` names): which assemblies a workflow's types come from.
 * Unprefixed names and prefixes the scope does not declare are left out.
 */
export function typeReferenceNames(
  text: string,
  resolvePrefix: (prefix: string) => string | undefined,
): Array<{ readonly namespaceUri: string; readonly localName: string }> {
  const names: Array<{ namespaceUri: string; localName: string }> = []
  for (const match of text.matchAll(TYPE_TOKEN)) {
    const prefixWithColon = match[1]
    if (prefixWithColon === undefined) continue
    const uri = resolvePrefix(prefixWithColon.slice(0, -1))
    if (uri !== undefined && uri !== '') names.push({ namespaceUri: uri, localName: match[2] ?? '' })
  }
  return names
}

/** Splits `InArgument(x:String)` into direction and inner type; a plain type is a `Property`. */
export function splitArgumentType(type: string): {
  direction: 'In' | 'Out' | 'InOut' | 'Property'
  inner: string
} {
  const open = type.indexOf('(')
  if (open > 0 && type.endsWith(')')) {
    const head = type.slice(0, open).trim()
    const colon = head.indexOf(':')
    const local = colon >= 0 ? head.slice(colon + 1) : head
    const inner = type.slice(open + 1, -1).trim()
    if (local === 'InArgument') return { direction: 'In', inner }
    if (local === 'OutArgument') return { direction: 'Out', inner }
    if (local === 'InOutArgument') return { direction: 'InOut', inner }
  }
  return { direction: 'Property', inner: type.trim() }
}

/** The name inside `{x:Reference Name}` (or `{x:Reference Name=Name}`), else undefined. */
export function referenceMarkupName(value: string): string | undefined {
  if (!value.startsWith('{') || !value.endsWith('}')) return undefined
  const body = value.slice(1, -1).trim()
  const space = body.indexOf(' ')
  if (space < 0) return undefined
  const head = body.slice(0, space)
  if (head !== 'x:Reference' && !head.endsWith(':Reference') && head !== 'Reference') return undefined
  let rest = body.slice(space + 1).trim()
  if (rest.startsWith('Name=')) rest = rest.slice(5).trim()
  return rest.length > 0 ? rest : undefined
}

/**
 * The name of the markup extension an attribute value is (`{x:Null}` → `x:Null`, `{x:Static
 * s:String.Empty}` → `x:Static`), or undefined when the value is not one. `{}` starts an escaped
 * literal (`{}{0:N2}`) and is not an extension.
 */
export function markupExtensionName(value: string): string | undefined {
  if (value.charCodeAt(0) !== 123 /* { */ || value.charCodeAt(1) === 125 /* } */) return undefined
  const close = value.lastIndexOf('}')
  if (close < 0) return undefined
  const body = value.slice(1, close).trim()
  const end = body.search(/[\s,]/)
  const name = end < 0 ? body : body.slice(0, end)
  return name.length > 0 ? name : undefined
}

/**
 * Properties whose literal is a member of an enumeration (a setting, not data), by member name.
 * Grounded in the UiPath XAML of the corpus and of Studio's activity packages: `Operator` (Verify
 * Expression With Operator, Filter Data Table), `KeyModifiers`/`ClickType`/`MouseButton` (UI
 * input), `InputMode`/`InteractionMode` (modern UI), `Level` (Log Message), `Method` (HTTP Request),
 * `Status` (Set Transaction Status), `SortDirection`, `ElementType`, `WaitForReady`, `LogEntry` /
 * `LogExit` (Invoke Workflow File), `Priority`, `ExecutionMode`…  Together with the name shapes in
 * {@link isFlagLiteral} (`…Type`, `…Mode`, `…Option`, `…Direction`…).
 */
export const ENUM_PROPERTIES: ReadonlySet<string> = new Set([
  'Operator',
  'KeyModifiers',
  'ClickType',
  'MouseButton',
  'Level',
  'Method',
  'Status',
  'Priority',
  'WaitForReady',
  'LogEntry',
  'LogExit',
  'Isolated',
  'TargetSession',
  'Visibility',
  'BodyFormat',
  'ResponseFormat',
  'Format',
  'Orientation',
  'Browser',
  'BrowserType',
  'Position',
  'Alignment',
  'Encoding',
  'ElementType',
  'OnError',
  'Operation',
])

/**
 * Properties whose names look like settings but hold data: `QueueType` of Get Transaction Item /
 * Add Queue Item is the queue's *name* (a String argument shown as "QueueName" in Studio).
 */
const NOT_ENUM_PROPERTIES: ReadonlySet<string> = new Set(['QueueType', 'AssetType'])

const ENUM_NAME_SHAPE =
  /(?:Type|Mode|Option|Direction|Behavior|Behaviour|Kind|Strategy|Policy|Level|Method|Format|Style|Align|Alignment|Position)$/
const FLAG_NAME_SHAPE =
  /^(?:Is|Has|Use|Enable|Disable|Should|Allow|Simulate|Send|Activate|Continue|Keep|Include|Ignore|Wait|Always|Auto|Add|Clear|Show|Hide|Click|Empty|Make|Prevent|Preserve|Read|Save|Skip|Take|Open|Close)[A-Z]|(?:Enabled|Disabled|Visible)$/
const IDENTIFIERS = /^[A-Za-z_][A-Za-z0-9_]*(?:\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*$/

/**
 * True when a literal written for `property` is a setting rather than data: a Boolean
 * (`IsPassword="True"`, `ContinueOnError="False"`), or an identifier (list) on an enum-typed property
 * ({@link ENUM_PROPERTIES}, names ending `…Type`, `…Mode`, `…Option`, …; Boolean-shaped names such as
 * `IsPassword`, `SimulateClick`, `…Enabled` with an identifier value). A value on any other property
 * (`Password="hunter2"`, `Text="Ctrl"`) stays data.
 */
export function isFlagLiteral(property: string, value: string): boolean {
  const text = value.trim()
  const lower = text.toLowerCase()
  if (lower === 'true' || lower === 'false') return true
  if (!IDENTIFIERS.test(text)) return false
  const dot = property.lastIndexOf('.')
  const member = dot >= 0 ? property.slice(dot + 1) : property
  if (NOT_ENUM_PROPERTIES.has(member)) return false
  return ENUM_PROPERTIES.has(member) || ENUM_NAME_SHAPE.test(member) || FLAG_NAME_SHAPE.test(member)
}
