/**
 * The XAML reader: one streaming pass with `saxes` over a UiPath workflow file, namespaces resolved
 * by the reader (xaml-namespaces.ts, as strictly as saxes' `xmlns` mode, at a fraction of its cost),
 * building the {@link WorkflowModel} rules query. No DOM, no DTD, no entity expansion, bounded by
 * {@link XamlLimits}: elements, attributes, attribute bytes and text are counted as they stream
 * past, and the first one over a limit ends the read (xaml-limits.ts). Every failure is thrown as an
 * {@link XamlError}; nothing else escapes.
 *
 * How XAML maps to the model:
 * - an element whose local name has a dot (`ui:TypeInto.Target`) is a property element: folded onto
 *   the enclosing object node as a {@link XamlProperty};
 * - every other element is an object node ({@link XamlNode}), classified by local name + namespace URI;
 * - attribute values `[…]` are expressions in the workflow's language, `{…}` are markup extensions
 *   (`{x:Null}`, `{x:Reference …}`), anything else is a literal;
 * - text `[…]` inside an argument or property element is an expression; `CSharpValue`/`VisualBasicValue`
 *   (and `…Reference`) elements are expressions whatever their prefix.
 *
 * @module
 */
import { type SaxesAttributePlain, SaxesParser } from 'saxes'
import { decodeInput } from './decode-input.js'
import { finishModel } from './finish-model.js'
import type { NodeBuilder, ParseState, PropertyBuilder } from './parse-state.js'
import { SourcePositions } from './source-positions.js'
import type {
  ExpressionLanguage,
  NodeKind,
  WorkflowModel,
  XamlAttribute,
  XamlExpression,
  XamlLiteral,
  XamlNode,
  XamlProperty,
  XamlSelector,
} from './workflow-model.js'
import { XamlError } from './xaml-error.js'
import { XamlLimitCounter } from './xaml-limit-counter.js'
import { DEFAULT_XAML_LIMITS, type XamlLimits } from './xaml-limits.js'
import {
  canonicalPrefix,
  classifyElement,
  expressionElementLanguage,
  isDesignerNamespace,
  isFlagLiteral,
  markupExtensionName,
  resolveTypeReference,
  typeReferenceNames,
  XAML_NS,
} from './xaml-names.js'
import { NamespaceScopes, XMLNS_NAMESPACE } from './xaml-namespaces.js'

/**
 * An element name as written, resolved, with its kind (held by no property of its own name) and
 * canonical type: a workflow repeats a few dozen names thousands of times.
 */
interface Tag {
  readonly name: string
  readonly prefix: string
  readonly local: string
  readonly uri: string
  readonly kind: NodeKind
  readonly type: string
}

interface Frame {
  /** The object node, or the owner of the property element. */
  node: NodeBuilder
  /** Set for property elements. */
  property: PropertyBuilder | undefined
  /** Property element in a designer namespace (view state…): ignored for analysis. */
  designer: boolean
  text: string | undefined
  /** UTF-8 bytes of `text`, against `maxTextBytes`. */
  textBytes: number
}

const MEANINGFUL: ReadonlySet<NodeKind> = new Set<NodeKind>([
  'activity',
  'flowNode',
  'state',
  'transition',
  'catch',
  'variable',
])

const SELECTOR_NAMES: ReadonlySet<string> = new Set([
  'Selector',
  'FullSelectorArgument',
  'FuzzySelectorArgument',
  'ScopeSelectorArgument',
])

/**
 * What a node without child nodes, nearest activities, property elements or attributes holds until it gets one
 * (most nodes are leaves): shared, so a leaf allocates no empty array or Map of its own. Only this
 * reader adds to them, replacing the shared one first.
 */
const NO_NODES = Object.freeze([]) as unknown as NodeBuilder[]
const NO_PROPERTIES: Map<string, PropertyBuilder> = new Map()
const NO_ATTRIBUTES: Map<string, XamlAttribute> = new Map()

/**
 * Property elements whose whole subtree the reader tokenizes but builds no node of: the designer's
 * view state (`<sap:WorkflowViewStateService.ViewState>` dictionaries of IsExpanded/IsPinned…, and
 * `<sap2010:WorkflowViewState.ViewStateManager>` with one ViewStateData per activity) and Studio's
 * import and assembly lists (`<TextExpression.NamespacesForImplementation>` /
 * `ReferencesForImplementation>`): ~40 % of a typical workflow's bytes that no rule reads (the
 * package rules count imports as no use, package-usage.ts; fingerprints read IdRef attributes and
 * `WorkflowViewState.IdRef` elements, which are not in these subtrees). Such a subtree leaves no
 * trace in the model (no node, no property entry), except its type references (`x:TypeArguments`),
 * kept in `typeReferences` as before. Everything in it is still checked as before: well-formedness
 * and namespaces by saxes and the reader, and every element, attribute and text byte still counts
 * toward the limits (the limits are a contract on the input, not only on what the model keeps).
 * Only plain designer and value objects qualify (isLeanElement, leanAttributesOk): the first element
 * that would have given a rule something to read (an activity, expression, argument, literal value,
 * annotation, language, a package's type) ends the lean read and the file is read again in full.
 */
const LEAN_PROPERTIES: ReadonlyMap<string, (uri: string) => boolean> = new Map([
  ['WorkflowViewStateService.ViewState', isDesignerNamespace],
  ['WorkflowViewState.ViewStateManager', isDesignerNamespace],
  ['TextExpression.NamespacesForImplementation', (uri: string) => uri === XAML_NS.activities],
  ['TextExpression.ReferencesForImplementation', (uri: string) => uri === XAML_NS.activities],
])

/** Thrown (never escapes parseXaml) when a lean subtree holds something a rule could read. */
const NOT_LEAN = new Error('not a lean subtree')

/** CLR namespaces of the .NET base libraries (`scg:Dictionary`, `sco:Collection`): no package's. */
const BASE_LIBRARY_CLR = /^clr-namespace:System(\.[^;]*)?;assembly=(mscorlib|system[^;]*)$/i

/**
 * An object element that, built as a node, no rule would read: a value object (not an activity,
 * argument, expression, reference, member…) of the XAML, WPF or designer namespaces, of the
 * activities namespace (`AssemblyReference`) or of the .NET base library (which package-usage.ts
 * attributes to no package).
 */
function isLeanElement(tag: Tag): boolean {
  if (tag.kind !== 'value') return false
  const uri = tag.uri
  return (
    uri === XAML_NS.x ||
    uri === XAML_NS.av ||
    uri === XAML_NS.activities ||
    isDesignerNamespace(uri) ||
    BASE_LIBRARY_CLR.test(uri)
  )
}

const ANNOTATION = 'Annotation.AnnotationText'
const NON_SPACE = /\S/
const EDITOR = 'ExpressionActivityEditor.ExpressionActivityEditor'

/** The XML version in force (`1.0` unless the declaration says otherwise): saxes keeps it private. */
function xmlVersionOf(parser: SaxesParser): string {
  return (parser as unknown as { currentXMLVersion: string }).currentXMLVersion
}

function isBracketed(value: string): boolean {
  return value.length >= 2 && value.charCodeAt(0) === 91 && value.charCodeAt(value.length - 1) === 93
}

function languageOf(text: string): ExpressionLanguage | undefined {
  const name = text.trim()
  if (name === 'C#') return 'CSharp'
  if (name === 'VB') return 'VisualBasic'
  return undefined
}

/**
 * Reads one UiPath workflow file.
 *
 * @param input the file's bytes (UTF-8 with/without BOM, UTF-16 LE/BE with BOM) or its text
 * @param fileName used in messages and stored in the model
 * @param limits overrides of {@link DEFAULT_XAML_LIMITS}
 * @throws XamlError for every failure (and nothing else)
 */
export function parseXaml(
  input: Uint8Array | string,
  fileName: string,
  limits?: Partial<XamlLimits>,
): WorkflowModel {
  try {
    const effectiveLimits: XamlLimits = { ...DEFAULT_XAML_LIMITS, ...limits }
    const text = decodeInput(input, fileName, effectiveLimits.maxBytes)
    let state: ParseState
    try {
      state = readXaml(text, fileName, effectiveLimits, true)
    } catch (error) {
      // A designer subtree held something a rule could read (see LEAN_PROPERTIES): read it all.
      if (error !== NOT_LEAN) throw error
      state = readXaml(text, fileName, effectiveLimits, false)
    }
    return finishModel(state)
  } catch (error) {
    if (error instanceof XamlError) throw error
    if (error instanceof RangeError) {
      throw new XamlError('XAML_TOO_DEEP', `input too complex to read: ${error.message}`, { fileName })
    }
    const message = error instanceof Error ? error.message : String(error)
    throw new XamlError('XAML_PARSE_ERROR', message, { fileName })
  }
}

function readXaml(source: string, fileName: string, limits: XamlLimits, lean: boolean): ParseState {
  const parser = new SaxesParser({ position: true })
  predeclareHandlerSlots(parser)
  const reader = new XamlReader(parser, source, fileName, limits, lean)
  parser.on('error', (error: Error) =>
    reader.fail('XAML_PARSE_ERROR', error.message.replace(/^\d+:\d+: /, '')),
  )
  parser.on('doctype', () =>
    reader.fail('XAML_DTD_FORBIDDEN', 'DOCTYPE and entity declarations are not allowed'),
  )
  parser.on('opentagstart', (tag) => reader.openTagStart(tag.name))
  parser.on('attribute', (attribute) => reader.attribute(attribute))
  parser.on('text', (text) => reader.text(text))
  parser.on('cdata', (text) => reader.text(text))
  parser.on('processinginstruction', (pi) => reader.processingInstruction(pi.target))
  parser.on('opentag', (tag) => reader.openTag(tag))
  parser.on('closetag', () => reader.closeTag())
  try {
    parser.write(source)
    reader.state.totalLines = parser.line
    parser.close()
  } catch (error) {
    if (error instanceof XamlError || error === NOT_LEAN) throw error
    const message = error instanceof Error ? error.message.replace(/^\d+:\d+: /, '') : String(error)
    throw new XamlError('XAML_PARSE_ERROR', message, {
      line: parser.line,
      column: parser.columnIndex + 1,
      fileName,
    })
  }
  if (reader.state.nodes.length === 0) reader.fail('XAML_PARSE_ERROR', 'document has no root element')
  return reader.state
}

/**
 * Distinct type references kept per file (`WorkflowModel.typeReferences`): a real workflow names
 * well under a hundred types; a file of a million made-up ones keeps this many, and the model says
 * so by having exactly this many (the dependency rules then stay quiet).
 */
export const MAX_TYPE_REFERENCES = 10_000

/**
 * The streaming pass's handlers: the stack of open elements, object nodes and property elements
 * built from them, attributes and text read into expressions and literals. Positions are
 * SourcePositions' concern, limits XamlLimitCounter's.
 */
class XamlReader {
  readonly state: ParseState
  private readonly stack: Frame[] = []
  private readonly positions: SourcePositions
  private readonly counter: XamlLimitCounter
  private readonly namespaces: NamespaceScopes
  /** Attributes of the current tag as saxes hands them over, and their names resolved at `opentag`. */
  private attributeCount = 0
  private readonly attributes: SaxesAttributePlain[] = []
  /** Split as each attribute goes past; a prefixed one's URI is resolved when its tag is complete. */
  private readonly attributePrefixes: string[] = []
  private readonly attributeLocals: string[] = []
  private readonly attributeUris: string[] = []
  /** Whether a tag of this file other than the root declared namespaces (see keepTypeReferences). */
  private nestedNamespaceDeclarations = false
  /**
   * Elements open in the current lean subtree (LEAN_PROPERTIES; 0 outside one), the property
   * element that starts it included; they are not on `stack`. Per open element of it (by level):
   */
  private leanDepth = 0
  /** the UTF-8 bytes of its text so far (against maxTextBytes, as Frame.textBytes), */
  private readonly leanTextBytes: number[] = []
  /** its local name, and whether it is a property element. */
  private readonly leanLocals: string[] = []
  private readonly leanIsProperty: boolean[] = []

  constructor(
    private readonly parser: SaxesParser,
    source: string,
    private readonly fileName: string,
    limits: XamlLimits,
    /** Whether LEAN_PROPERTIES subtrees are skipped (false: the full read after NOT_LEAN). */
    private readonly lean: boolean,
  ) {
    this.state = {
      fileName,
      nodes: [],
      expressions: [],
      literals: [],
      markups: [],
      selectors: [],
      bracketExpressions: [],
      typeReferences: [],
      typeReferenceKeys: new Set(),
      declaredLanguage: undefined,
      sawCSharp: false,
      totalLines: 1,
    }
    this.positions = new SourcePositions(source, parser)
    this.counter = new XamlLimitCounter(limits, fileName, () => this.here())
    this.namespaces = new NamespaceScopes((message) => this.fail('XAML_PARSE_ERROR', message))
  }

  private here(): { line: number; column: number } {
    return { line: this.parser.line, column: this.parser.columnIndex + 1 }
  }

  fail(code: XamlError['code'], message: string, line?: number, column?: number): never {
    throw new XamlError(code, message, {
      line: line ?? this.parser.line,
      column: column ?? this.parser.columnIndex + 1,
      fileName: this.fileName,
    })
  }

  openTagStart(tagName: string): void {
    const positions = this.positions
    positions.startTag(tagName)
    this.counter.countElement(this.stack.length + this.leanDepth, positions.tagLine, positions.tagColumn)
    this.attributeCount = 0
  }

  attribute(attribute: SaxesAttributePlain): void {
    const { name, value } = attribute
    const index = this.attributeCount
    if (name.includes(':')) {
      const { prefix, local } = this.namespaces.qname(name) // a malformed name fails here, as in saxes
      this.attributePrefixes[index] = prefix
      this.attributeLocals[index] = local
    } else {
      this.attributePrefixes[index] = ''
      this.attributeLocals[index] = name
    }
    this.counter.countAttribute(index, value)
    this.namespaces.attribute(name, value, xmlVersionOf(this.parser))
    this.positions.startAttribute(this.attributeCount, attribute.name)
    this.attributes[this.attributeCount] = attribute
    this.attributeCount++
  }

  /**
   * Text of the current element. Leading whitespace-only pieces (indentation between children) are
   * not kept: closeTag trims the text anyway, and a Sequence with 100,000 indented children would
   * otherwise build a 100,000-piece string and count its whitespace against maxTextBytes.
   */
  text(text: string): void {
    if (this.leanDepth > 0) {
      this.leanText(text)
      return
    }
    const top = this.stack[this.stack.length - 1]
    if (top === undefined) return
    if (top.text === undefined && !NON_SPACE.test(text)) return
    top.textBytes += Buffer.byteLength(text, 'utf8')
    this.counter.checkTextBytes(top.textBytes)
    top.text = top.text === undefined ? text : top.text + text
  }

  /** A processing instruction: its target must be a name without a colon, as in saxes' `xmlns` mode. */
  processingInstruction(target: string): void {
    if (target.includes(':'))
      this.fail('XAML_PARSE_ERROR', 'disallowed character in processing instruction name.')
  }

  openTag(saxesTag: { readonly name: string }): void {
    this.positions.markEvent()
    const tag = this.resolveTag(saxesTag.name)
    if (this.leanDepth > 0) {
      this.openLeanElement(tag)
      return
    }
    const top = this.stack[this.stack.length - 1]
    if (top === undefined && tag.uri !== XAML_NS.activities) {
      this.fail(
        'XAML_NOT_WORKFLOW',
        `root element <${tag.name}> is not a workflow (expected Activity in ${XAML_NS.activities})`,
        this.positions.tagLine,
        this.positions.tagColumn,
      )
    }
    const dot = tag.local.lastIndexOf('.')
    if (dot > 0 && top !== undefined) {
      // A lean property's key keeps its dot (`Owner.Member`), as `<x:Null>`'s markup test relies on.
      if (
        this.lean &&
        LEAN_PROPERTIES.get(tag.local)?.(tag.uri) &&
        tag.local.slice(0, dot) !== top.node.localName
      ) {
        this.pushLeanLevel(tag.local, true)
      } else {
        this.openPropertyElement(top, tag, dot)
      }
    } else {
      this.openObjectNode(top, tag)
    }
  }

  private pushLeanLevel(local: string, isProperty: boolean): void {
    const level = this.leanDepth++
    this.leanTextBytes[level] = 0
    this.leanLocals[level] = local
    this.leanIsProperty[level] = isProperty
  }

  /**
   * An element inside a lean subtree: no node, but what the full read would have taken from it
   * must be nothing a rule reads (else NOT_LEAN), except type references, kept as before. Property
   * elements qualify only in a designer namespace, as attached `Owner.Member` (so the values inside
   * have a dotted property, like the subtree's own), on an object element, and not the language.
   */
  private openLeanElement(tag: Tag): void {
    const dot = tag.local.lastIndexOf('.')
    if (dot > 0) {
      const level = this.leanDepth - 1
      if (
        this.leanIsProperty[level] === true ||
        !isDesignerNamespace(tag.uri) ||
        tag.local === EDITOR ||
        tag.local.slice(0, dot) === this.leanLocals[level]
      )
        throw NOT_LEAN
      this.pushLeanLevel(tag.local, true)
      return
    }
    if (!isLeanElement(tag)) throw NOT_LEAN
    this.leanAttributes(tag)
    this.pushLeanLevel(tag.local, false)
  }

  /**
   * A lean element's attributes, as readAttributes would take them: type references kept; a value
   * that would be a literal, expression or markup, an annotation or the language: NOT_LEAN.
   */
  private leanAttributes(tag: Tag): void {
    const { attributeLines, attributeColumns, tagLine, tagColumn } = this.positions
    const designerElement = isDesignerNamespace(tag.uri)
    const analyse = !designerElement && tag.uri !== XAML_NS.x && tag.uri !== XAML_NS.av
    for (let i = 0; i < this.attributeCount; i++) {
      const attributeUri = this.attributeUris[i] as string
      if (attributeUri === XMLNS_NAMESPACE) continue
      const local = this.attributeLocals[i] as string
      const value = (this.attributes[i] as SaxesAttributePlain).value
      if (
        !designerElement &&
        ((attributeUri === XAML_NS.x && local === 'TypeArguments') || value.startsWith('{x:Type '))
      ) {
        this.keepTypeReferences(value, attributeLines[i] ?? tagLine, attributeColumns[i] ?? tagColumn)
      }
      if (attributeUri === XAML_NS.x) {
        if (local === 'Name') throw NOT_LEAN // `x:Reference` could name it
        continue
      }
      if (attributeUri !== '' && isDesignerNamespace(attributeUri)) {
        if (local === ANNOTATION || local === EDITOR) throw NOT_LEAN
        continue
      }
      if (
        analyse &&
        value.length > 0 &&
        !(local === 'Capacity' && attributeUri === '' && this.inImportList())
      )
        throw NOT_LEAN
    }
  }

  /**
   * Whether the lean subtree is an import or assembly list: there, the `Capacity` Studio writes on
   * the list (`<scg:List x:TypeArguments="AssemblyReference" Capacity="88">`) is a sizing hint, not
   * a value of the workflow; the full read kept it as a literal of the root activity, which no rule
   * reports (the one model difference a lean read makes beyond its missing nodes).
   */
  private inImportList(): boolean {
    return this.leanLocals[0]?.startsWith('TextExpression.') === true
  }

  /**
   * Text in a lean subtree: counted as Frame text is. In the subtree's own property element,
   * non-blank text would be a value of its owner (NOT_LEAN); elsewhere it is a value object's text.
   */
  private leanText(text: string): void {
    const level = this.leanDepth - 1
    const before = this.leanTextBytes[level] as number
    if (before === 0 && !NON_SPACE.test(text)) return
    if (level === 0) throw NOT_LEAN
    const bytes = before + Buffer.byteLength(text, 'utf8')
    this.counter.checkTextBytes(bytes)
    this.leanTextBytes[level] = bytes
  }

  /**
   * The complete tag's namespaces, in saxes' `xmlns` order: its declarations come into force, then
   * the element's prefix and its attributes' prefixes are resolved (unbound ones fail), then
   * attributes with one expanded name are refused.
   */
  private resolveTag(name: string): Tag {
    const namespaces = this.namespaces
    namespaces.openElement()
    const tag = this.tagOf(name)
    const count = this.attributeCount
    const prefixes = this.attributePrefixes
    for (let i = 0; i < count; i++) {
      const prefix = prefixes[i] as string
      const uri = namespaces.attributeUri((this.attributes[i] as SaxesAttributePlain).name, prefix)
      this.attributeUris[i] = uri
      if (uri === XMLNS_NAMESPACE && this.stack.length > 0) this.nestedNamespaceDeclarations = true
    }
    namespaces.checkDuplicates(count, prefixes, this.attributeLocals, this.attributeUris)
    return tag
  }

  /** Element names of this file (per file, so a hostile file's made-up names go with it). */
  private readonly tags = new Map<string, Tag>()

  /** The element name resolved with the bindings in force (cached while its prefix's binding holds). */
  private tagOf(name: string): Tag {
    const namespaces = this.namespaces
    const known = this.tags.get(name)
    if (known !== undefined && namespaces.elementUri(known.prefix) === known.uri) return known
    const { prefix, local } = namespaces.qname(name)
    const uri = namespaces.elementUri(prefix)
    const canonical = canonicalPrefix(uri, prefix)
    const tag: Tag = {
      name,
      prefix,
      local,
      uri,
      kind: classifyElement(local, uri),
      type: canonical === '' ? local : `${canonical}:${local}`,
    }
    this.tags.set(name, tag)
    return tag
  }

  /** A property element (`ui:TypeInto.Target`): folded onto the enclosing object node. */
  private openPropertyElement(top: Frame, tag: Tag, dot: number): void {
    const owner = top.node
    const ownerType = tag.local.slice(0, dot)
    const member = tag.local.slice(dot + 1)
    const key = ownerType === owner.localName ? member : tag.local
    let property = owner.properties.get(key)
    if (property === undefined) {
      if (owner.properties === NO_PROPERTIES) owner.properties = new Map()
      property = {
        name: key,
        values: [],
        text: undefined,
        line: this.positions.tagLine,
        column: this.positions.tagColumn,
      }
      owner.properties.set(key, property)
    }
    this.stack.push({
      node: owner,
      property,
      designer: isDesignerNamespace(tag.uri),
      text: undefined,
      textBytes: 0,
    })
  }

  /** An object node: classified, linked to its parent and nearest activity, its attributes read. */
  private openObjectNode(top: Frame | undefined, tag: Tag): void {
    const { local, uri } = tag
    const nodes = this.state.nodes
    const parent = top?.node
    const kind =
      tag.kind === 'activity' && uri !== XAML_NS.activities && top?.property?.name === local
        ? classifyElement(local, uri, local)
        : tag.kind
    const node: NodeBuilder = {
      index: nodes.length,
      localName: local,
      namespaceUri: uri,
      type: tag.type,
      kind,
      displayName: undefined,
      annotation: undefined,
      name: undefined,
      attributes: NO_ATTRIBUTES,
      properties: NO_PROPERTIES,
      text: undefined,
      parent,
      inProperty: top?.property?.name,
      childNodes: NO_NODES,
      children: NO_NODES,
      parentActivity: undefined,
      depth: 0,
      line: this.positions.tagLine,
      column: this.positions.tagColumn,
      owner: undefined,
      ctxProperty: undefined,
      ctxKey: undefined,
      resolvedType: undefined,
      commentedOutBy:
        parent === undefined
          ? undefined
          : (parent.commentedOutBy ??
            (parent.localName === 'CommentOut' && parent.namespaceUri === XAML_NS.ui ? parent : undefined)),
    }
    nodes.push(node)
    if (parent !== undefined) {
      if (parent.childNodes === NO_NODES) parent.childNodes = [node]
      else parent.childNodes.push(node)
      top?.property?.values.push(node)
      const parentActivity = parent.kind === 'activity' ? parent : parent.parentActivity
      node.parentActivity = parentActivity
      node.depth = parentActivity === undefined ? 0 : parentActivity.depth + 1
      if (kind === 'activity' && node.commentedOutBy === undefined) {
        // Nearest-activity-descendant lists (dead code under a Comment Out is in none of them) of every non-activity ancestor up to the nearest activity.
        let up: NodeBuilder | undefined = parent
        while (up !== undefined) {
          if (up.children === NO_NODES) up.children = [node]
          else up.children.push(node)
          if (up.kind === 'activity') break
          this.counter.countActivityLink(node.line, node.column)
          up = up.parent
        }
      }
    }
    const meaningful = MEANINGFUL.has(kind)
    node.owner = meaningful ? node : parent?.owner
    node.ctxProperty = meaningful ? undefined : (node.inProperty ?? parent?.ctxProperty)
    // Inherited first, so that values read from this tag's attributes see it; its own x:Key overrides.
    if (!meaningful) node.ctxKey = parent?.ctxKey
    this.readAttributes(node)
    const ctxProperty = node.ctxProperty
    if (uri === XAML_NS.x && local === 'Null' && ctxProperty !== undefined && !ctxProperty.includes('.')) {
      // `<x:Null />` as a property's value (`<ui:X.Result><x:Null /></ui:X.Result>`): "not set".
      // Attached (designer) properties such as `WorkflowViewStateService.ViewState` are left out.
      addMarkup(this.state, node, ctxProperty, 'x:Null', '{x:Null}', node.line, node.column)
    }
    if (kind === 'variable' || kind === 'catch' || kind === 'member') {
      const typeReference = node.attributes.get(kind === 'member' ? 'Type' : 'x:TypeArguments')?.value
      if (typeReference !== undefined) {
        node.resolvedType = this.resolveType(typeReference)
      }
    }
    this.stack.push({ node, property: undefined, designer: false, text: undefined, textBytes: 0 })
  }

  /**
   * Type reference texts already read (`x:String` is written on most arguments): read again only
   * when some element below the root declared its own namespaces, since a prefix may then mean
   * something else there.
   */
  private readonly typeReferenceTexts = new Set<string>()
  private readonly resolvePrefix = (prefix: string): string | undefined => this.namespaces.resolve(prefix)

  /** CLR names of type references already resolved (see typeReferenceTexts for when they hold). */
  private readonly resolvedTypes = new Map<string, string>()

  /** A variable's, catch's or member's type reference resolved to a CLR name (`s:String` → `System.String`). */
  private resolveType(typeReference: string): string {
    if (this.nestedNamespaceDeclarations) return resolveTypeReference(typeReference, this.resolvePrefix)
    let resolved = this.resolvedTypes.get(typeReference)
    if (resolved === undefined) {
      resolved = resolveTypeReference(typeReference, this.resolvePrefix)
      this.resolvedTypes.set(typeReference, resolved)
    }
    return resolved
  }

  /** The types a type reference names, each (namespace, name) once, at most MAX_TYPE_REFERENCES. */
  private keepTypeReferences(value: string, line: number, column: number): void {
    if (!this.nestedNamespaceDeclarations) {
      if (this.typeReferenceTexts.has(value)) return
      this.typeReferenceTexts.add(value)
    }
    const state = this.state
    for (const name of typeReferenceNames(value, this.resolvePrefix)) {
      const seen = `${name.namespaceUri} ${name.localName}`
      if (state.typeReferenceKeys.has(seen) || state.typeReferences.length >= MAX_TYPE_REFERENCES) continue
      state.typeReferenceKeys.add(seen)
      state.typeReferences.push({ ...name, line, column })
    }
  }

  /** The current tag's attributes onto `node`: names, annotations, expressions and literals. */
  private readAttributes(node: NodeBuilder): void {
    const state = this.state
    const { attributeLines, attributeColumns, tagLine, tagColumn } = this.positions
    const uri = node.namespaceUri
    const designerElement = isDesignerNamespace(uri)
    const analyse = !designerElement && uri !== XAML_NS.x && uri !== XAML_NS.av
    for (let i = 0; i < this.attributeCount; i++) {
      const attributeUri = this.attributeUris[i] as string
      if (attributeUri === XMLNS_NAMESPACE) continue // a namespace declaration
      const local = this.attributeLocals[i] as string
      const { name, value } = this.attributes[i] as SaxesAttributePlain
      const line = attributeLines[i] ?? tagLine
      const column = attributeColumns[i] ?? tagColumn
      // Written `x:Key` (nearly always): the name as written is the key.
      const key = attributeUri !== XAML_NS.x ? local : this.attributePrefixes[i] === 'x' ? name : `x:${local}`
      if (node.attributes === NO_ATTRIBUTES) node.attributes = new Map()
      node.attributes.set(key, { name: key, namespaceUri: attributeUri, value, line, column })
      if (
        !designerElement &&
        ((attributeUri === XAML_NS.x && local === 'TypeArguments') ||
          (attributeUri === '' && local === 'Type' && uri === XAML_NS.x && node.localName === 'Property') ||
          value.startsWith('{x:Type '))
      ) {
        this.keepTypeReferences(value, line, column)
      }
      if (attributeUri === XAML_NS.x) {
        if (local === 'Name') node.name = value
        else if (local === 'Key') node.ctxKey = value
        continue
      }
      if (attributeUri !== '' && isDesignerNamespace(attributeUri)) {
        if (local === ANNOTATION) node.annotation = value
        else if (local === EDITOR) state.declaredLanguage = languageOf(value) ?? state.declaredLanguage
        continue
      }
      const markup = value.charCodeAt(0) === 123 /* { */ ? markupExtensionName(value) : undefined
      if (local === 'DisplayName' && attributeUri === '') {
        // `{x:Null}` is "no name"; `{}` escapes a name that starts with a brace.
        node.displayName = markup !== undefined ? undefined : value.startsWith('{}') ? value.slice(2) : value
      }
      if (!analyse || value.length === 0) continue
      if (node.kind === 'expression' && local === 'ExpressionText' && attributeUri === '') {
        // `<VisualBasicReference ExpressionText="x" />`: the element's code, as if it were its text.
        this.addElementExpression(node, value, line, column)
        continue
      }
      if (markup !== undefined) {
        addMarkup(state, node, key, markup, value, line, column)
        continue
      }
      if (value.charCodeAt(0) === 123 /* { */) {
        if (value.startsWith('{}')) addLiteral(state, node, key, value.slice(2), 'attribute', line, column)
        continue
      }
      if (isBracketed(value)) {
        addExpression(state, node, key, value.slice(1, -1), undefined, 'value', 'attribute', line, column)
      } else {
        addLiteral(state, node, key, value, 'attribute', line, column)
      }
    }
  }

  closeTag(): void {
    this.positions.markEvent()
    this.namespaces.closeElement()
    if (this.leanDepth > 0) {
      this.leanDepth--
      return
    }
    const frame = this.stack.pop()
    if (frame === undefined) return
    const text = frame.text === undefined ? undefined : frame.text.trim()
    if (text === undefined || text.length === 0) return
    if (frame.property !== undefined) this.closePropertyElement(frame, frame.property, text)
    else this.closeObjectNode(frame.node, text)
  }

  /** A property element's text: `[…]` an expression, else a literal (designer ones: the language only). */
  private closePropertyElement(frame: Frame, property: PropertyBuilder, text: string): void {
    const state = this.state
    const node = frame.node
    property.text = text
    if (frame.designer) {
      if (property.name === EDITOR) state.declaredLanguage = languageOf(text) ?? state.declaredLanguage
      return
    }
    if (isBracketed(text)) {
      const { name, line, column } = property
      addExpression(state, node, name, text.slice(1, -1), undefined, 'value', 'text', line, column)
    } else if (node.namespaceUri !== XAML_NS.x) {
      addLiteral(state, node, property.name, text, 'text', property.line, property.column)
    }
  }

  /** The code of a `VisualBasicValue`/`…Reference`/`CSharpValue`/`…Reference` element (text or `ExpressionText`). */
  private addElementExpression(node: NodeBuilder, text: string, line: number, column: number): void {
    const language = expressionElementLanguage(node.localName, node.namespaceUri) ?? 'VisualBasic'
    if (language === 'CSharp') this.state.sawCSharp = true
    const role = node.localName.endsWith('Reference') ? 'reference' : 'value'
    addExpression(this.state, node, node.ctxProperty, text, language, role, 'element', line, column)
  }

  /** An object node's text: an expression element's code, or an argument's `[…]` or literal. */
  private closeObjectNode(node: NodeBuilder, text: string): void {
    const state = this.state
    node.text = text
    if (node.kind === 'expression') {
      this.addElementExpression(node, text, node.line, node.column)
      return
    }
    if (node.kind !== 'argument') return
    const role = node.localName === 'InArgument' ? 'value' : 'reference'
    const { ctxProperty, line, column } = node
    if (isBracketed(text)) {
      addExpression(state, node, ctxProperty, text.slice(1, -1), undefined, role, 'text', line, column)
    } else {
      addLiteral(state, node, ctxProperty ?? '', text, 'text', line, column)
    }
  }
}

/**
 * saxes' `on()` stores each handler with a keyed store (`this[handlerName] = fn`); in V8, adding more
 * than a few properties that way turns the parser into a dictionary-mode object and makes the whole
 * tokenizer about 4x slower. Creating the slots first with named stores keeps the object fast; `on()`
 * then only overwrites existing properties. (If a future saxes renames the slots, `on()` still works.)
 */
function predeclareHandlerSlots(parser: SaxesParser): void {
  const slots = parser as unknown as Record<string, unknown>
  slots.xmldeclHandler = undefined
  slots.textHandler = undefined
  slots.piHandler = undefined
  slots.doctypeHandler = undefined
  slots.commentHandler = undefined
  slots.openTagStartHandler = undefined
  slots.attributeHandler = undefined
  slots.openTagHandler = undefined
  slots.closeTagHandler = undefined
  slots.cdataHandler = undefined
  slots.errorHandler = undefined
  slots.endHandler = undefined
  slots.readyHandler = undefined
}

/** Records an expression written on `node` (wrappers report their owner's context). */
function addExpression(
  state: ParseState,
  node: NodeBuilder,
  property: string | undefined,
  text: string,
  language: ExpressionLanguage | undefined,
  role: 'value' | 'reference',
  form: XamlExpression['form'],
  line: number,
  column: number,
): void {
  if (node.commentedOutBy !== undefined) return // dead code: see XamlNode.commentedOutBy
  const expr = {
    language: language ?? 'VisualBasic',
    text,
    role,
    form,
    owner: node.owner as XamlNode | undefined,
    property,
    key: node.ctxKey,
    node: node as XamlNode,
    line,
    column,
  }
  if (language === undefined) state.bracketExpressions.push(expr)
  state.expressions.push(expr)
  if (property !== undefined && SELECTOR_NAMES.has(property)) {
    state.selectors.push({
      kind: property as XamlSelector['kind'],
      text,
      expression: expr,
      node: carrierOf(node) as XamlNode,
      activity: activityOf(node) as XamlNode | undefined,
      line,
      column,
    })
  }
}

function addLiteral(
  state: ParseState,
  node: NodeBuilder,
  property: string,
  value: string,
  form: XamlLiteral['form'],
  line: number,
  column: number,
): void {
  if (node.commentedOutBy !== undefined) return
  state.literals.push({
    value,
    form,
    owner: node.owner as XamlNode | undefined,
    property,
    key: node.ctxKey,
    flag: isFlagLiteral(property, value),
    node: node as XamlNode,
    line,
    column,
  })
  if (SELECTOR_NAMES.has(property)) {
    state.selectors.push({
      kind: property as XamlSelector['kind'],
      text: value,
      expression: undefined,
      node: carrierOf(node) as XamlNode,
      activity: activityOf(node) as XamlNode | undefined,
      line,
      column,
    })
  }
}

/** Records a markup extension written where a value could be (`{x:Null}`…): not a value. */
function addMarkup(
  state: ParseState,
  node: NodeBuilder,
  property: string | undefined,
  extension: string,
  text: string,
  line: number,
  column: number,
): void {
  if (node.commentedOutBy !== undefined) return
  state.markups.push({
    extension,
    text,
    owner: node.owner as XamlNode | undefined,
    property,
    key: node.ctxKey,
    node: node as XamlNode,
    line,
    column,
  })
}

/** The node that carries a selector: skip argument/expression wrappers up to the target or activity. */
function carrierOf(node: NodeBuilder): NodeBuilder {
  let carrier: NodeBuilder = node
  while ((carrier.kind === 'argument' || carrier.kind === 'expression') && carrier.parent !== undefined) {
    carrier = carrier.parent
  }
  return carrier
}

function activityOf(node: NodeBuilder): NodeBuilder | undefined {
  return node.kind === 'activity' ? node : node.parentActivity
}

/** Re-exported for modules that receive built nodes. */
export type { XamlNode, XamlProperty }
