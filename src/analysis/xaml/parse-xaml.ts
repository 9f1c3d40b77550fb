/**
 * The XAML reader: one streaming, namespace-aware pass with `saxes` over a UiPath workflow file,
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
import { type SaxesAttributeNS, SaxesParser, type SaxesTagNS } from 'saxes'
import { decodeInput } from './decode-input.js'
import { finishModel } from './finish-model.js'
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
  XamlTypeReference,
} from './workflow-model.js'
import { XamlError } from './xaml-error.js'
import {
  DEFAULT_XAML_LIMITS,
  XAML_LIMIT_REFUSALS,
  type XamlLimitName,
  type XamlLimits,
} from './xaml-limits.js'
import {
  canonicalPrefix,
  classifyElement,
  expressionElementLanguage,
  isDesignerNamespace,
  resolveTypeReference,
  typeReferenceNames,
  XAML_NS,
} from './xaml-names.js'

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
}

/** Mutable construction-time view of a property element. */
export interface PropertyBuilder {
  name: string
  values: NodeBuilder[]
  text: string | undefined
  line: number
  column: number
}

/** The extracted pieces handed to {@link finishModel}. */
export interface ParseState {
  fileName: string
  nodes: NodeBuilder[]
  expressions: XamlExpression[]
  literals: XamlLiteral[]
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

const ANNOTATION = 'Annotation.AnnotationText'
const NON_SPACE = /\S/
const EDITOR = 'ExpressionActivityEditor.ExpressionActivityEditor'

function isBracketed(value: string): boolean {
  return value.length >= 2 && value.charCodeAt(0) === 91 && value.charCodeAt(value.length - 1) === 93
}

function languageOf(text: string): ExpressionLanguage | undefined {
  const t = text.trim()
  if (t === 'C#') return 'CSharp'
  if (t === 'VB') return 'VisualBasic'
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
    const lim: XamlLimits = { ...DEFAULT_XAML_LIMITS, ...limits }
    const text = decodeInput(input, fileName, lim.maxBytes)
    const state = readXaml(text, fileName, lim)
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

/**
 * Distinct type references kept per file (`WorkflowModel.typeReferences`): a real workflow names
 * well under a hundred types; a file of a million made-up ones keeps this many, and the model says
 * so by having exactly this many (the dependency rules then stay quiet).
 */
export const MAX_TYPE_REFERENCES = 10_000

function readXaml(src: string, fileName: string, lim: XamlLimits): ParseState {
  const parser = new SaxesParser({ xmlns: true, position: true })
  predeclareHandlerSlots(parser)
  const state: ParseState = {
    fileName,
    nodes: [],
    expressions: [],
    literals: [],
    selectors: [],
    bracketExpressions: [],
    typeReferences: [],
    typeReferenceKeys: new Set(),
    declaredLanguage: undefined,
    sawCSharp: false,
    totalLines: 1,
  }
  const nodes = state.nodes
  const stack: Frame[] = []
  let elementCount = 0
  let attributeCount = 0
  let attributeBytes = 0
  let activityLinks = 0
  // Position bookkeeping: offset, line and column index after the previous event.
  let prevPos = 0
  let prevLine = 1
  let prevColIdx = 0
  // Start position of the current tag and of each of its attributes (in attribute order).
  let tagLine = 1
  let tagColumn = 1
  let attrCount = 0
  const attrLines: number[] = []
  const attrColumns: number[] = []
  // saxes hands the attribute handler the same objects it later completes with `uri` for the tag.
  const attrObjects: SaxesAttributeNS[] = []

  const fail = (code: XamlError['code'], message: string, line?: number, column?: number): never => {
    throw new XamlError(code, message, {
      line: line ?? parser.line,
      column: column ?? parser.columnIndex + 1,
      fileName,
    })
  }

  /** Refuses the file for crossing limit `name` (code and reason from XAML_LIMIT_REFUSALS). */
  const refuse = (name: XamlLimitName, line?: number, column?: number): never => {
    const value = lim[name]
    const refusal = XAML_LIMIT_REFUSALS[name]
    throw new XamlError(refusal.code, `the workflow ${refusal.reason(value)}`, {
      line: line ?? parser.line,
      column: column ?? parser.columnIndex + 1,
      fileName,
      limit: { name, value },
    })
  }

  /** 1-based line/column of source offset `at`, which lies between `prevPos` and the parser's position. */
  const locate = (at: number): { line: number; column: number } => {
    const pos = parser.position
    const line = parser.line
    if (line === prevLine) return { line, column: parser.columnIndex - (pos - at) + 1 }
    // A line break happened since the previous event: scan only this stretch.
    let l = prevLine
    let lineStart = prevPos - prevColIdx
    for (let i = prevPos; i < at; i++) {
      if (src.charCodeAt(i) === 10) {
        l++
        lineStart = i + 1
      }
    }
    return { line: l, column: at - lineStart + 1 }
  }
  const markEvent = (): void => {
    prevPos = parser.position
    prevLine = parser.line
    prevColIdx = parser.columnIndex
  }

  parser.on('error', (err: Error) => {
    const msg = err.message.replace(/^\d+:\d+: /, '')
    fail('XAML_PARSE_ERROR', msg)
  })
  parser.on('doctype', () => fail('XAML_DTD_FORBIDDEN', 'DOCTYPE and entity declarations are not allowed'))

  parser.on('opentagstart', (tag) => {
    const pos = parser.position
    const lt = src.lastIndexOf('<', pos - 1)
    const at = lt >= 0 && pos - lt <= tag.name.length + 2 ? lt : Math.max(0, pos - tag.name.length - 2)
    const p = locate(at)
    tagLine = p.line
    tagColumn = p.column
    elementCount++
    if (elementCount > lim.maxElements) refuse('maxElements', tagLine, tagColumn)
    if (stack.length >= lim.maxDepth) refuse('maxDepth', tagLine, tagColumn)
    attrCount = 0
    markEvent()
  })

  parser.on('attribute', (attr) => {
    if (attrCount >= lim.maxAttributesPerElement) refuse('maxAttributesPerElement')
    if (++attributeCount > lim.maxAttributes) refuse('maxAttributes')
    const bytes = Buffer.byteLength(attr.value, 'utf8')
    if (bytes > lim.maxAttributeValueBytes) refuse('maxAttributeValueBytes')
    attributeBytes += bytes
    if (attributeBytes > lim.maxTotalAttributeBytes) refuse('maxTotalAttributeBytes')
    const pos = parser.position
    const quote = src.charCodeAt(pos - 1)
    const open = src.lastIndexOf(quote === 39 ? "'" : '"', pos - 2)
    const nameAt = open >= 0 ? src.lastIndexOf(attr.name, open) : -1
    const p = locate(Math.max(nameAt, prevPos))
    attrLines[attrCount] = p.line
    attrColumns[attrCount] = p.column
    attrObjects[attrCount] = attr as SaxesAttributeNS
    attrCount++
    markEvent()
  })

  /**
   * Text of the current element. Leading whitespace-only pieces (indentation between children) are
   * not kept: closetag trims the text anyway, and a Sequence with 100,000 indented children would
   * otherwise build a 100,000-piece string and count its whitespace against maxTextBytes.
   */
  const addText = (t: string): void => {
    const top = stack[stack.length - 1]
    if (top === undefined) return
    if (top.text === undefined && !NON_SPACE.test(t)) return
    top.textBytes += Buffer.byteLength(t, 'utf8')
    if (top.textBytes > lim.maxTextBytes) refuse('maxTextBytes')
    top.text = top.text === undefined ? t : top.text + t
  }
  parser.on('text', addText)
  parser.on('cdata', addText)

  parser.on('opentag', (tag: SaxesTagNS) => {
    markEvent()
    const local = tag.local
    const uri = tag.uri
    const top = stack[stack.length - 1]
    if (top === undefined) {
      if (uri !== XAML_NS.activities) {
        fail(
          'XAML_NOT_WORKFLOW',
          `root element <${tag.name}> is not a workflow (expected Activity in ${XAML_NS.activities})`,
          tagLine,
          tagColumn,
        )
      }
    }
    const dot = local.lastIndexOf('.')
    if (dot > 0 && top !== undefined) {
      // Property element: fold onto the enclosing object node.
      const owner = top.node
      const ownerType = local.slice(0, dot)
      const member = local.slice(dot + 1)
      const key = ownerType === owner.localName ? member : local
      let prop = owner.properties.get(key)
      if (prop === undefined) {
        prop = { name: key, values: [], text: undefined, line: tagLine, column: tagColumn }
        owner.properties.set(key, prop)
      }
      stack.push({
        node: owner,
        property: prop,
        designer: isDesignerNamespace(uri),
        text: undefined,
        textBytes: 0,
      })
      return
    }
    const parent = top?.node
    const kind = classifyElement(local, uri)
    const prefix = canonicalPrefix(uri, tag.prefix)
    const node: NodeBuilder = {
      index: nodes.length,
      localName: local,
      namespaceUri: uri,
      type: prefix === '' ? local : `${prefix}:${local}`,
      kind,
      displayName: undefined,
      annotation: undefined,
      name: undefined,
      attributes: new Map(),
      properties: new Map(),
      text: undefined,
      parent,
      inProperty: top?.property?.name,
      childNodes: [],
      children: [],
      parentActivity: undefined,
      depth: 0,
      line: tagLine,
      column: tagColumn,
      owner: undefined,
      ctxProperty: undefined,
      ctxKey: undefined,
      resolvedType: undefined,
    }
    nodes.push(node)
    if (parent !== undefined) {
      parent.childNodes.push(node)
      top?.property?.values.push(node)
      const pa = parent.kind === 'activity' ? parent : parent.parentActivity
      node.parentActivity = pa
      node.depth = pa === undefined ? 0 : pa.depth + 1
      if (kind === 'activity') {
        // Nearest-activity-descendant lists of every non-activity ancestor up to the nearest activity.
        let up: NodeBuilder | undefined = parent
        while (up !== undefined) {
          up.children.push(node)
          if (up.kind === 'activity') break
          if (++activityLinks > lim.maxActivityLinks) refuse('maxActivityLinks', tagLine, tagColumn)
          up = up.parent
        }
      }
    }
    const meaningful = MEANINGFUL.has(kind)
    node.owner = meaningful ? node : parent?.owner
    if (meaningful) {
      node.ctxProperty = undefined
    } else {
      node.ctxProperty = node.inProperty ?? parent?.ctxProperty
    }

    // Attributes.
    const analyse = !isDesignerNamespace(uri) && uri !== XAML_NS.x && uri !== XAML_NS.av
    for (let i = 0; i < attrCount; i++) {
      const a = attrObjects[i] as SaxesAttributeNS
      const line = attrLines[i] ?? tagLine
      const column = attrColumns[i] ?? tagColumn
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue
      const aUri = a.uri
      const key = aUri === XAML_NS.x ? `x:${a.local}` : a.local
      const value = a.value
      node.attributes.set(key, { name: key, namespaceUri: aUri, value, line, column })
      if (
        !isDesignerNamespace(uri) &&
        ((aUri === XAML_NS.x && a.local === 'TypeArguments') ||
          (aUri === '' && a.local === 'Type' && uri === XAML_NS.x && local === 'Property') ||
          value.startsWith('{x:Type '))
      ) {
        for (const name of typeReferenceNames(value, (p) => parser.resolve(p))) {
          const seen = `${name.namespaceUri} ${name.localName}`
          if (state.typeReferenceKeys.has(seen) || state.typeReferences.length >= MAX_TYPE_REFERENCES)
            continue
          state.typeReferenceKeys.add(seen)
          state.typeReferences.push({ ...name, line, column })
        }
      }
      if (aUri === XAML_NS.x) {
        if (a.local === 'Name') node.name = value
        else if (a.local === 'Key') node.ctxKey = value
        continue
      }
      if (aUri !== '' && isDesignerNamespace(aUri)) {
        if (a.local === ANNOTATION) node.annotation = value
        else if (a.local === EDITOR) state.declaredLanguage = languageOf(value) ?? state.declaredLanguage
        continue
      }
      if (a.local === 'DisplayName' && aUri === '') node.displayName = value
      if (!analyse || value.length === 0) continue
      const c0 = value.charCodeAt(0)
      if (c0 === 123 /* { */) {
        if (value.startsWith('{}')) addLiteral(state, node, key, value.slice(2), 'attribute', line, column)
        continue
      }
      if (isBracketed(value)) {
        addExpression(state, node, key, value.slice(1, -1), undefined, 'value', 'attribute', line, column)
      } else {
        addLiteral(state, node, key, value, 'attribute', line, column)
      }
    }
    if (node.ctxKey === undefined && !meaningful) node.ctxKey = parent?.ctxKey
    if (kind === 'variable' || kind === 'catch' || kind === 'member') {
      const typeRef = node.attributes.get(kind === 'member' ? 'Type' : 'x:TypeArguments')?.value
      if (typeRef !== undefined) node.resolvedType = resolveTypeReference(typeRef, (p) => parser.resolve(p))
    }
    stack.push({ node, property: undefined, designer: false, text: undefined, textBytes: 0 })
  })

  parser.on('closetag', () => {
    markEvent()
    const frame = stack.pop()
    if (frame === undefined) return
    const raw = frame.text
    const text = raw === undefined ? undefined : raw.trim()
    if (text === undefined || text.length === 0) return
    const node = frame.node
    const prop = frame.property
    if (prop !== undefined) {
      prop.text = text
      if (frame.designer) {
        if (prop.name === EDITOR) state.declaredLanguage = languageOf(text) ?? state.declaredLanguage
        return
      }
      if (isBracketed(text)) {
        addExpression(
          state,
          node,
          prop.name,
          text.slice(1, -1),
          undefined,
          'value',
          'text',
          prop.line,
          prop.column,
        )
      } else if (node.namespaceUri !== XAML_NS.x) {
        addLiteral(state, node, prop.name, text, 'text', prop.line, prop.column)
      }
      return
    }
    node.text = text
    const lang = expressionElementLanguage(node.localName, node.namespaceUri)
    if (lang !== undefined) {
      if (lang === 'CSharp') state.sawCSharp = true
      const role = node.localName.endsWith('Reference') ? 'reference' : 'value'
      addExpression(state, node, node.ctxProperty, text, lang, role, 'element', node.line, node.column)
      return
    }
    if (node.kind === 'argument') {
      const role = node.localName === 'InArgument' ? 'value' : 'reference'
      if (isBracketed(text)) {
        addExpression(
          state,
          node,
          node.ctxProperty,
          text.slice(1, -1),
          undefined,
          role,
          'text',
          node.line,
          node.column,
        )
      } else {
        addLiteral(state, node, node.ctxProperty ?? '', text, 'text', node.line, node.column)
      }
    }
  })

  try {
    parser.write(src)
    state.totalLines = parser.line
    parser.close()
  } catch (error) {
    if (error instanceof XamlError) throw error
    const message = error instanceof Error ? error.message.replace(/^\d+:\d+: /, '') : String(error)
    throw new XamlError('XAML_PARSE_ERROR', message, {
      line: parser.line,
      column: parser.columnIndex + 1,
      fileName,
    })
  }
  if (nodes.length === 0) fail('XAML_PARSE_ERROR', 'document has no root element')
  return state
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
  const expr = {
    language: language ?? 'VisualBasic',
    text,
    role,
    form,
    owner: node.owner as XamlNode | undefined,
    property,
    key: node.ctxKey,
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
  state.literals.push({
    value,
    form,
    owner: node.owner as XamlNode | undefined,
    property,
    key: node.ctxKey,
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

/** The node that carries a selector: skip argument/expression wrappers up to the target or activity. */
function carrierOf(node: NodeBuilder): NodeBuilder {
  let n: NodeBuilder = node
  while ((n.kind === 'argument' || n.kind === 'expression') && n.parent !== undefined) n = n.parent
  return n
}

function activityOf(node: NodeBuilder): NodeBuilder | undefined {
  return node.kind === 'activity' ? node : node.parentActivity
}

/** Re-exported for modules that receive built nodes. */
export type { XamlNode, XamlProperty }
