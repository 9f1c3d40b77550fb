/**
 * The workflow model: what the XAML reader ({@link parseXaml}) extracts from one UiPath `.xaml` file,
 * in a shape that policy rules can query without touching XML. Plain data, built in one pass.
 *
 * Conventions:
 * - every position is 1-based (`line`, `column`) and points at the start of the element (`<`) or of
 *   the attribute name; `column` counts UTF-16 code units (JavaScript string indices);
 * - element identity is `localName` + `namespaceUri` (never the prefix written in the file); `type` is
 *   a short, *canonical* qualified name for messages and quick checks (`ui:TypeInto`, `Sequence`,
 *   `x:String`), built from the namespace URI, so it does not change when a file renames its prefixes;
 * - property elements (`<ui:TypeInto.Target>`, `<Sequence.Variables>`, `<TryCatch.Catches>`) are not
 *   nodes: they are folded onto their owner as {@link XamlProperty} entries.
 *
 * @module
 */

/** The two expression languages of UiPath workflows. */
export const EXPRESSION_LANGUAGES = Object.freeze(['VisualBasic', 'CSharp'] as const)
/** `VisualBasic` (the default of Studio) or `CSharp`. */
export type ExpressionLanguage = (typeof EXPRESSION_LANGUAGES)[number]

/**
 * What an object element is, as far as rules care:
 * - `activity`: an executable activity (Sequence, Assign, ui:TypeInto, Flowchart, StateMachine, …);
 * - `flowNode`: a Flowchart node (`FlowStep`, `FlowDecision`, `FlowSwitch`);
 * - `state` / `transition`: StateMachine parts (`State`, `Transition`);
 * - `catch`: a `Catch` of a TryCatch;
 * - `delegate`: `ActivityAction` / `ActivityFunc` (the body holder of ForEach, Catch, …);
 * - `argument`: `InArgument` / `OutArgument` / `InOutArgument` values;
 * - `expression`: `VisualBasicValue`/`VisualBasicReference`/`CSharpValue`/`CSharpReference`;
 * - `variable`: `Variable`, `DelegateInArgument`, `DelegateOutArgument`;
 * - `reference`: `x:Reference` (a link to a named node, used by Flowcharts and StateMachines);
 * - `member`: `x:Members` / `x:Property` (the workflow's arguments);
 * - `value`: any other value object (`x:String`, `ui:Target`, dictionaries, designer metadata, …).
 */
export const NODE_KINDS = Object.freeze([
  'activity',
  'flowNode',
  'state',
  'transition',
  'catch',
  'delegate',
  'argument',
  'expression',
  'variable',
  'reference',
  'member',
  'value',
] as const)
/** One of {@link NODE_KINDS}. */
export type NodeKind = (typeof NODE_KINDS)[number]

/** A 1-based position in the source file. */
export interface SourcePosition {
  /** 1-based line. */
  readonly line: number
  /** 1-based column (UTF-16 code units). */
  readonly column: number
}

/** One attribute of an element, as written (XML entities decoded). */
export interface XamlAttribute extends SourcePosition {
  /**
   * The key under which it is stored in {@link XamlNode.attributes}: the local name (`Text`,
   * `ContinueOnError`, `Annotation.AnnotationText`, `WorkflowViewState.IdRef`), except for attributes in
   * the XAML language namespace, which keep a canonical `x:` (`x:Name`, `x:Key`, `x:TypeArguments`).
   */
  readonly name: string
  /** Namespace URI of the attribute ('' for unqualified attributes). */
  readonly namespaceUri: string
  /** The decoded value. */
  readonly value: string
}

/**
 * A property element (`<Owner.Member>…</Owner.Member>`) folded onto its owner node.
 * `name` is the member (`Target`, `Variables`, `Catches`, `Try`, `Then`, `Entry`, `Next`); attached
 * properties whose owner type differs from the node's type keep `Owner.Member`
 * (`WorkflowViewState.IdRef`, `VisualBasic.Settings`).
 */
export interface XamlProperty extends SourcePosition {
  /** Member name (see above). */
  readonly name: string
  /** Object elements inside the property element, in document order. */
  readonly values: readonly XamlNode[]
  /** Non-blank text directly inside the property element (e.g. `[SystemError is Nothing]`), trimmed. */
  readonly text: string | undefined
}

/**
 * An object element of the XAML (activity, flow node, state, value…). Nodes form a tree through
 * `parent` / `childNodes`; `children` is the *activity tree* view (nearest activity descendants).
 */
export interface XamlNode extends SourcePosition {
  /** Stable index of this node in document order (0 = the root element). */
  readonly index: number
  /** Element local name (`TypeInto`, `Sequence`, `CSharpValue`). */
  readonly localName: string
  /** Element namespace URI (`http://schemas.uipath.com/workflow/activities`, …). */
  readonly namespaceUri: string
  /** Canonical short qualified type (`ui:TypeInto`, `Sequence`, `x:String`, `mca:CSharpValue`). */
  readonly type: string
  /** What the element is (see {@link NodeKind}). */
  readonly kind: NodeKind
  /**
   * `DisplayName` attribute, when present and a name: `DisplayName="{x:Null}"` (or any other markup
   * extension) leaves it undefined; the `{}` escape is removed (`{}{Draft}` → `{Draft}`).
   */
  readonly displayName: string | undefined
  /** `sap2010:Annotation.AnnotationText`, when present. */
  readonly annotation: string | undefined
  /** `x:Name`, when present (flow nodes and states referenced by `x:Reference`). */
  readonly name: string | undefined
  /** Attributes by key (see {@link XamlAttribute.name}). Markup extensions such as `{x:Null}` stay as text. */
  readonly attributes: ReadonlyMap<string, XamlAttribute>
  /** Property elements by member name (see {@link XamlProperty.name}). */
  readonly properties: ReadonlyMap<string, XamlProperty>
  /** Non-blank text content directly inside the element, trimmed (`[expr]`, `x:String` values…). */
  readonly text: string | undefined
  /** Direct parent object element (undefined for the root). */
  readonly parent: XamlNode | undefined
  /** Name of the parent's property element that holds this node (`Try`, `Then`, `Body`), if any. */
  readonly inProperty: string | undefined
  /** All direct object children of any kind, from content and from property elements, in document order. */
  readonly childNodes: readonly XamlNode[]
  /**
   * Activity-tree children: the nearest descendant nodes of kind `activity`, looking through
   * non-activity nodes (ActivityAction, Catch, FlowStep, State, InArgument…). Document order.
   */
  readonly children: readonly XamlNode[]
  /** Nearest ancestor of kind `activity` (undefined for top-level activities). */
  readonly parentActivity: XamlNode | undefined
  /** Number of `activity` ancestors (the top activity has depth 0). */
  readonly depth: number
  /**
   * The `ui:CommentOut` whose body holds this node (dead code: it never runs), else undefined.
   * Such nodes stay in `nodes` (the tree is whole) but in no other list of the model: not in
   * `activities`, `expressions`, `literals`, `variables`, `selectors`, … and not in any activity's
   * `children`; the Comment Out itself is listed in {@link WorkflowModel.skipped}.
   */
  readonly commentedOutBy: XamlNode | undefined
}

/** A part of the workflow that no rule analyses, and why (listed in the analysis result). */
export interface XamlSkipped extends SourcePosition {
  /** `commented-out`: the body of a Comment Out activity, which Studio never runs. */
  readonly reason: 'commented-out'
  /** The activity that holds the skipped part (the `ui:CommentOut`). */
  readonly node: XamlNode
  /** Number of activities skipped inside it. */
  readonly activities: number
}

/** An expression (VB or C#) found in the workflow. */
export interface XamlExpression extends SourcePosition {
  /** VB or C#. Bracketed values `[…]` take the workflow's language. */
  readonly language: ExpressionLanguage
  /** The expression source (without the brackets of the VB short form). */
  readonly text: string
  /** `value` (r-value) or `reference` (l-value: `VisualBasicReference`, `CSharpReference`, `OutArgument`). */
  readonly role: 'value' | 'reference'
  /**
   * Where it was written: `attribute` (`Message="[x]"`), `text` (`<InArgument>[x]</InArgument>` or
   * `<If.Condition>[x]</If.Condition>`), `element` (`<CSharpValue>x</CSharpValue>`).
   */
  readonly form: 'attribute' | 'text' | 'element'
  /** The activity (or other nearest meaningful node: flow node, transition, catch, variable) it belongs to. */
  readonly owner: XamlNode | undefined
  /** Attribute or property member name it sits in (`Message`, `Condition`, `To`, `Value`, `Default`, `Arguments`). */
  readonly property: string | undefined
  /** `x:Key` of the argument wrapper, for dictionary-like properties (InvokeWorkflowFile arguments). */
  readonly key: string | undefined
  /**
   * The element it was written on: the activity for an attribute (`Message="[x]"`), the argument
   * wrapper or property owner for text (`<InArgument>[x]</InArgument>`), the `VisualBasicValue` /
   * `CSharpReference` element for element form (whether the code is its text or its `ExpressionText`).
   */
  readonly node: XamlNode
}

/** A plain literal value (not an expression, not a markup extension) set on an activity. */
export interface XamlLiteral extends SourcePosition {
  /** The literal text (XML-decoded). */
  readonly value: string
  /** `attribute` (`Text="hello"`) or `text` (`<InArgument x:TypeArguments="x:String">hello</InArgument>`). */
  readonly form: 'attribute' | 'text'
  /** The node it is set on (nearest meaningful node, as for expressions). */
  readonly owner: XamlNode | undefined
  /** Attribute or property member name (`Text`, `Password`, `DisplayName`, `WorkflowFileName`…). */
  readonly property: string
  /** `x:Key` of the argument wrapper, when there is one. */
  readonly key: string | undefined
  /**
   * True when the literal is a setting, not data: a Boolean (`True`/`False`, e.g. `IsPassword="True"`)
   * or the member of an enumeration on a property the reader knows as one (`Operator="Equality"`,
   * `KeyModifiers="Ctrl, Alt"`; table `ENUM_PROPERTIES` in xaml-names.ts). Rules that look for
   * hardcoded data skip flags.
   */
  readonly flag: boolean
  /** The element it was written on (see {@link XamlExpression.node}). */
  readonly node: XamlNode
}

/**
 * A markup extension written where a value could be: `{x:Null}`, `{x:Static s:String.Empty}`,
 * `{x:Reference __ReferenceID0}`, `{x:Type …}`, `{StaticResource …}` (attribute form), or an `<x:Null />`
 * element as a property's value. None of these is a value a rule should judge as data: `{x:Null}` is
 * "not set", the others point at something else. `{}`-escaped text (`{}{0}`) is a literal, not this.
 */
export interface XamlMarkup extends SourcePosition {
  /** The extension's name as written, without braces and arguments (`x:Null`, `x:Static`, `x:Reference`). */
  readonly extension: string
  /** The whole text (`{x:Static s:String.Empty}`; `<x:Null />` reads `{x:Null}`). */
  readonly text: string
  /** Nearest meaningful owner (as for expressions and literals). */
  readonly owner: XamlNode | undefined
  /** Attribute or property member name (`DisplayName`, `ContinueOnError`, `Result`). */
  readonly property: string | undefined
  /** `x:Key` of the argument wrapper, when there is one. */
  readonly key: string | undefined
  /** The element it was written on. */
  readonly node: XamlNode
}

/**
 * What one property of a node holds, in whichever form UiPath stored it: an expression (attribute
 * `[…]`, text `[…]`, `VisualBasicValue`/`CSharpValue` element with text or `ExpressionText`, the
 * `…Reference` forms), a literal, or a markup extension (`{x:Null}`: not a value). See
 * `propertyValues()` / `propertyValue()` in model-queries.ts.
 */
export type XamlPropertyValue =
  | {
      readonly kind: 'expression'
      readonly property: string
      readonly key: string | undefined
      readonly expression: XamlExpression
      readonly line: number
      readonly column: number
    }
  | {
      readonly kind: 'literal'
      readonly property: string
      readonly key: string | undefined
      readonly literal: XamlLiteral
      readonly line: number
      readonly column: number
    }
  | {
      readonly kind: 'markup'
      readonly property: string
      readonly key: string | undefined
      readonly markup: XamlMarkup
      readonly line: number
      readonly column: number
    }

/** A value that is either a literal or an expression (or absent). */
export type XamlValue =
  | { readonly kind: 'literal'; readonly text: string; readonly line: number; readonly column: number }
  | {
      readonly kind: 'expression'
      readonly expression: XamlExpression
      readonly line: number
      readonly column: number
    }

/** A `Variable` declared in some activity's `Variables` collection. */
export interface XamlVariable extends SourcePosition {
  /** Variable name. */
  readonly name: string
  /** Type as written in `x:TypeArguments` (`x:String`, `scg:Dictionary(x:String, x:Object)`). */
  readonly type: string
  /** Resolved CLR type name (`System.String`, `System.Collections.Generic.Dictionary<System.String, System.Object>`). */
  readonly typeName: string
  /** Default value, if any (literal or expression). */
  readonly default: XamlValue | undefined
  /** The activity whose `Variables` declares it (its scope). */
  readonly scope: XamlNode | undefined
  /** The `Variable` node itself. */
  readonly node: XamlNode
}

/** Directions of workflow arguments (`x:Property Type="InArgument(…)"` → `In`; a plain type → `Property`). */
export const ARGUMENT_DIRECTIONS = Object.freeze(['In', 'Out', 'InOut', 'Property'] as const)
/** One of {@link ARGUMENT_DIRECTIONS}. */
export type ArgumentDirection = (typeof ARGUMENT_DIRECTIONS)[number]

/** A workflow argument declared in `x:Members`. */
export interface XamlArgument extends SourcePosition {
  /** Argument name (`in_Config`). */
  readonly name: string
  /** In / Out / InOut / Property. */
  readonly direction: ArgumentDirection
  /** Inner type as written (`x:String` for `InArgument(x:String)`). */
  readonly type: string
  /** Resolved CLR type name (`System.String`). */
  readonly typeName: string
  /** `sap2010:Annotation.AnnotationText` of the `x:Property`. */
  readonly annotation: string | undefined
  /** Default value set on the root `Activity` (`this:Main.in_Arg="…"`), if any. */
  readonly default: XamlValue | undefined
}

/** The attribute or property that carried a selector (`<ui:Target.Selector>` counts as `Selector`). */
export type SelectorKind =
  | 'Selector'
  | 'FullSelectorArgument'
  | 'FuzzySelectorArgument'
  | 'ScopeSelectorArgument'

/** A UI selector: classic `Selector` (attribute or `Target.Selector` element), or modern `*SelectorArgument`. */
export interface XamlSelector extends SourcePosition {
  /** Which attribute/property carried it (`Selector`, `FullSelectorArgument`, …). */
  readonly kind: SelectorKind
  /** The selector text (for a literal: the XML-decoded selector; for an expression: its source). */
  readonly text: string
  /** When the selector is an expression, the expression. */
  readonly expression: XamlExpression | undefined
  /** The node carrying it (`ui:Target`, `uix:TargetAnchorable`, or the activity). */
  readonly node: XamlNode
  /** The activity using it (nearest ancestor-or-self activity). */
  readonly activity: XamlNode | undefined
}

/** A call to another workflow (`ui:InvokeWorkflowFile`). */
export interface XamlInvokedWorkflow extends SourcePosition {
  /** The InvokeWorkflowFile activity. */
  readonly activity: XamlNode
  /** The file name when it is a literal (`Framework\\InitAllSettings.xaml`); undefined for an expression. */
  readonly fileName: string | undefined
  /** The expression when `WorkflowFileName` is computed. */
  readonly expression: XamlExpression | undefined
  /** Names (`x:Key`) of the arguments passed. */
  readonly argumentNames: readonly string[]
}

/** One `Catch` of a TryCatch. */
export interface XamlCatch extends SourcePosition {
  /** The `Catch` node. */
  readonly node: XamlNode
  /** Exception type as written (`s:Exception`, `ui:BusinessRuleException`). */
  readonly exceptionType: string
  /** Resolved CLR name (`System.Exception`, `UiPath.Core.BusinessRuleException`). */
  readonly exceptionTypeName: string
  /** Name of the exception variable (`DelegateInArgument Name`), if any. */
  readonly variableName: string | undefined
  /** The handler activity (usually a Sequence), if any. */
  readonly body: XamlNode | undefined
  /** True when there is no handler or the handler is an empty container. */
  readonly bodyEmpty: boolean
}

/** A TryCatch activity, digested. */
export interface XamlTryCatch extends SourcePosition {
  /** The TryCatch node. */
  readonly node: XamlNode
  /** The activity in `TryCatch.Try`, if any. */
  readonly tryBody: XamlNode | undefined
  /** True when there is no Try activity or it is an empty container. */
  readonly tryEmpty: boolean
  /** The catches, in order. */
  readonly catches: readonly XamlCatch[]
  /** The activity in `TryCatch.Finally`, if any. */
  readonly finallyBody: XamlNode | undefined
}

/** A Flowchart node, with its links resolved (inline nodes and `x:Reference` alike). */
export interface XamlFlowNode {
  /** The FlowStep / FlowDecision / FlowSwitch node. */
  readonly node: XamlNode
  /** The activity of a FlowStep (`FlowStep.Action` or content), if any. */
  readonly action: XamlNode | undefined
  /** Successor flow nodes (Next, True, False, Default, switch cases), deduplicated. */
  readonly next: readonly XamlNode[]
  /** Whether the node can be reached from the Flowchart's StartNode. */
  readonly reachable: boolean
}

/**
 * A type named in the workflow's own text (`x:TypeArguments`, an argument's `Type`, `{x:Type …}`
 * markup), by namespace URI: with element namespaces, what tells which packages a workflow uses.
 */
export interface XamlTypeReference {
  /** `clr-namespace:UiPath.Excel;assembly=UiPath.Excel.Activities`, `http://schemas.uipath.com/…`, … */
  readonly namespaceUri: string
  readonly localName: string
  readonly line: number
  readonly column: number
}

/** A Flowchart and its graph. */
export interface XamlFlowchart {
  /** The Flowchart node. */
  readonly node: XamlNode
  /** The start flow node, if any (`Flowchart.StartNode`). */
  readonly startNode: XamlNode | undefined
  /** Every flow node that belongs to this flowchart (not to a nested one). */
  readonly nodes: readonly XamlFlowNode[]
}

/** A StateMachine Transition. */
export interface XamlTransition {
  /** The Transition node. */
  readonly node: XamlNode
  /** Target state, resolved through `x:Reference` when needed. */
  readonly to: XamlNode | undefined
  /** The condition (`Transition.Condition` / `Condition` attribute), if any. */
  readonly condition: XamlExpression | undefined
  /** The Trigger activity, if any. */
  readonly trigger: XamlNode | undefined
  /** The Action activity, if any. */
  readonly action: XamlNode | undefined
}

/** A StateMachine State. */
export interface XamlState {
  /** The State or FinalState node. */
  readonly node: XamlNode
  /** DisplayName (REFramework: `Initialization`, `Get Transaction Data`, `Process Transaction`, `End Process`). */
  readonly displayName: string | undefined
  /** `IsFinal="True"` or a `FinalState` element. */
  readonly isFinal: boolean
  /** The Entry activity. */
  readonly entry: XamlNode | undefined
  /** The Exit activity. */
  readonly exit: XamlNode | undefined
  /** Outgoing transitions. */
  readonly transitions: readonly XamlTransition[]
}

/** A StateMachine and its states. */
export interface XamlStateMachine {
  /** The StateMachine node. */
  readonly node: XamlNode
  /** The initial state (`StateMachine.InitialState`), resolved. */
  readonly initialState: XamlNode | undefined
  /** Every state of this machine (not of nested machines). */
  readonly states: readonly XamlState[]
}

/** Everything the reader extracted from one workflow file. */
export interface WorkflowModel {
  /** File name as given to parseXaml (for messages). */
  readonly fileName: string
  /** Number of lines in the file. */
  readonly totalLines: number
  /** Workflow language: `sap2010:ExpressionActivityEditor.ExpressionActivityEditor`, or C# elements, else VB. */
  readonly expressionLanguage: ExpressionLanguage
  /** `x:Class` of the root, if any. */
  readonly className: string | undefined
  /** The root element (`Activity`, or a bare activity used as root). */
  readonly root: XamlNode
  /** The main activity (the body of `Activity`: Sequence, Flowchart, StateMachine…), if any. */
  readonly rootActivity: XamlNode | undefined
  /** Local name of the main activity (`Sequence`, `Flowchart`, `StateMachine`), if any. */
  readonly rootActivityType: string | undefined
  /**
   * Every object node in document order (`nodes[i].index === i`), except those of the designer's
   * view state and Studio's import and assembly lists, which the reader skips when they hold only
   * designer and value objects (LEAN_PROPERTIES in parse-xaml.ts): no rule reads them.
   */
  readonly nodes: readonly XamlNode[]
  /** Every node of kind `activity`, in document order. */
  readonly activities: readonly XamlNode[]
  /** Workflow arguments (`x:Members`). */
  readonly arguments: readonly XamlArgument[]
  /** Variables of every scope. */
  readonly variables: readonly XamlVariable[]
  /** Every VB/C# expression. */
  readonly expressions: readonly XamlExpression[]
  /** Plain literal values on activities, flow nodes, transitions, arguments (not designer metadata). */
  readonly literals: readonly XamlLiteral[]
  /** Markup extensions (`{x:Null}`, `{x:Static …}`, `{x:Reference …}`) written as property values: not values. */
  readonly markups: readonly XamlMarkup[]
  /** UI selectors. */
  readonly selectors: readonly XamlSelector[]
  /** InvokeWorkflowFile calls. */
  readonly invokedWorkflows: readonly XamlInvokedWorkflow[]
  /** TryCatch activities. */
  readonly tryCatches: readonly XamlTryCatch[]
  /** Flowcharts with their graphs. */
  readonly flowcharts: readonly XamlFlowchart[]
  /** StateMachines with their states. */
  readonly stateMachines: readonly XamlStateMachine[]
  /**
   * Types named in type arguments, argument types and `{x:Type}` markup (not designer metadata):
   * each (namespace, name) pair once, at its first occurrence; at most `MAX_TYPE_REFERENCES`.
   */
  readonly typeReferences: readonly XamlTypeReference[]
  /** Nodes by `x:Name`. */
  readonly namedNodes: ReadonlyMap<string, XamlNode>
  /** Parts no rule analyses (Comment Out bodies), in document order. */
  readonly skipped: readonly XamlSkipped[]
}

/** The reader's limits live in xaml-limits.ts; re-exported for the modules that import them from here. */
export { DEFAULT_XAML_LIMITS, type XamlLimits } from './xaml-limits.js'
