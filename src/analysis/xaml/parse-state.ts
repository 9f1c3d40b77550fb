/**
 * What the streaming pass (parse-xaml.ts) builds and the second step (finish-model.ts) turns into
 * the {@link WorkflowModel}: mutable construction-time nodes and property elements, and the pieces
 * collected on the way. Internal to `src/analysis/xaml/`; both steps import it, neither the other.
 *
 * @module
 */
import type {
  ExpressionLanguage,
  NodeKind,
  XamlAttribute,
  XamlExpression,
  XamlLiteral,
  XamlMarkup,
  XamlSelector,
  XamlTypeReference,
} from './workflow-model.js'

/** Mutable construction-time view of a node (the model exposes it read-only). */
export interface NodeBuilder {
  index: number
  localName: string
  namespaceUri: string
  type: string
  kind: NodeKind
  displayName: string | undefined
  annotation: string | undefined
  name: string | undefined
  attributes: Map<string, XamlAttribute>
  properties: Map<string, PropertyBuilder>
  text: string | undefined
  parent: NodeBuilder | undefined
  inProperty: string | undefined
  childNodes: NodeBuilder[]
  children: NodeBuilder[]
  parentActivity: NodeBuilder | undefined
  depth: number
  line: number
  column: number
  /** Nearest meaningful node (self or ancestor) that owns expressions/literals written here. */
  owner: NodeBuilder | undefined
  /** Property member this node's values count for (own `inProperty`, or inherited through wrappers). */
  ctxProperty: string | undefined
  /** `x:Key` of this node or of the wrapper it inherits from. */
  ctxKey: string | undefined
  /** Resolved CLR type for `x:TypeArguments` / `Type` (variables, catches, arguments), when relevant. */
  resolvedType: string | undefined
  /** The Comment Out whose body holds this node (dead code), else undefined. */
  commentedOutBy: NodeBuilder | undefined
}

/** Mutable construction-time view of a property element. */
export interface PropertyBuilder {
  name: string
  values: NodeBuilder[]
  text: string | undefined
  line: number
  column: number
}

/** The extracted pieces handed to finishModel. */
export interface ParseState {
  fileName: string
  nodes: NodeBuilder[]
  expressions: XamlExpression[]
  literals: XamlLiteral[]
  markups: XamlMarkup[]
  selectors: XamlSelector[]
  /** Expressions written `[…]` whose language is the workflow's (patched at the end). */
  bracketExpressions: { language: ExpressionLanguage }[]
  typeReferences: XamlTypeReference[]
  /** `<uri> <name>` of every type reference kept (each pair once). */
  typeReferenceKeys: Set<string>
  declaredLanguage: ExpressionLanguage | undefined
  sawCSharp: boolean
  totalLines: number
}
