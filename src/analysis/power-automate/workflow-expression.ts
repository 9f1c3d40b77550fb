/**
 * The expressions of the workflow definition language (Logic Apps / Power Automate), parsed into
 * a small AST so that rules read function calls and their arguments, never match text.
 *
 * A JSON string in a flow is one of (Microsoft's "Workflow Definition Language" reference):
 * - a literal: no `@` at its start and no `@{` inside; `@@` at the start escapes one `@`;
 * - an expression: `@` then one expression (`@body('Get_item')?['value']`), the string's value is
 *   the expression's value;
 * - an interpolation: text with `@{expression}` parts (`https://x/@{variables('id')}/items`).
 *
 * Expressions: function calls `name(arg, …)`, string literals in single quotes (`''` is one quote),
 * numbers, `true` / `false` / `null`, and property access on any value: `.name`, `?.name`,
 * `[expr]`, `?[expr]`. Whitespace is allowed between tokens. An expression that does not parse is
 * kept as an error segment (the designer would not save it, but an edited export may hold one):
 * the reader never throws on one.
 *
 * @module
 */

export type ExpressionNode =
  | {
      readonly kind: 'call'
      readonly name: string
      readonly args: readonly ExpressionNode[]
      readonly offset: number
    }
  | { readonly kind: 'string'; readonly value: string; readonly offset: number }
  | { readonly kind: 'number'; readonly value: number; readonly offset: number }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly offset: number }
  | { readonly kind: 'null'; readonly offset: number }
  | {
      readonly kind: 'member'
      readonly target: ExpressionNode
      /** `.name` is a string node; `[expr]` is the expression. */
      readonly property: ExpressionNode
      readonly optional: boolean
      readonly offset: number
    }

/** A function call node. */
export type CallNode = ExpressionNode & { readonly kind: 'call' }

export type TemplateSegment =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'expression'; readonly source: string; readonly expression: ExpressionNode }
  | { readonly kind: 'error'; readonly source: string; readonly reason: string }

/** A JSON string value read as the workflow language reads it. */
export interface TemplateValue {
  /** `literal`: no expression; `expression`: the whole string is one; `interpolated`: text with `@{…}`. */
  readonly kind: 'literal' | 'expression' | 'interpolated'
  readonly segments: readonly TemplateSegment[]
}

export class ExpressionSyntaxError extends Error {
  override readonly name = 'ExpressionSyntaxError'
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message)
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
}

function isIdentifierStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39
}

/**
 * Where the identifier at `start` (`[A-Za-z_][A-Za-z0-9_]*`) ends; `start` when there is none.
 * Character loops, not sticky regexes: the parser runs on every `@` string of a flow, and a regex
 * `exec` allocated a match array per token.
 */
function identifierEnd(text: string, start: number): number {
  let i = start
  if (!isIdentifierStart(text.charCodeAt(i))) return start
  i++
  for (let c = text.charCodeAt(i); isIdentifierStart(c) || isDigit(c); c = text.charCodeAt(++i));
  return i
}

/** Where the number at `start` (`-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?`) ends; `start` when none. */
function numberEnd(text: string, start: number): number {
  let i = start
  if (text.charCodeAt(i) === 0x2d /* - */) i++
  if (!isDigit(text.charCodeAt(i))) return start
  while (isDigit(text.charCodeAt(i))) i++
  if (text.charCodeAt(i) === 0x2e /* . */ && isDigit(text.charCodeAt(i + 1))) {
    i += 2
    while (isDigit(text.charCodeAt(i))) i++
  }
  const e = text.charCodeAt(i)
  if (e === 0x65 || e === 0x45) {
    let j = i + 1
    const sign = text.charCodeAt(j)
    if (sign === 0x2b || sign === 0x2d) j++
    if (isDigit(text.charCodeAt(j))) {
      i = j
      while (isDigit(text.charCodeAt(i))) i++
    }
  }
  return i
}

/** Recursive-descent parser over `text` from `start`; `end()` says where it stopped. */
class ExpressionParser {
  private i: number
  private depth = 0

  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.i = start
  }

  get position(): number {
    return this.i
  }

  private fail(reason: string): never {
    throw new ExpressionSyntaxError(reason, this.i)
  }

  private space(): void {
    while (isSpace(this.text.charCodeAt(this.i))) this.i++
  }

  expression(): ExpressionNode {
    // Bounded: the reader's string limit bounds the text, this bounds the recursion.
    if (++this.depth > 256) this.fail('nested deeper than 256 levels')
    this.space()
    let node = this.primary()
    for (;;) {
      this.space()
      const c = this.text[this.i]
      const optional = c === '?'
      const after = optional ? this.text[this.i + 1] : c
      if (after === '.') {
        const offset = this.i
        this.i += optional ? 2 : 1
        this.space()
        const end = identifierEnd(this.text, this.i)
        if (end === this.i) this.fail('expected a property name after "."')
        const name = this.text.slice(this.i, end)
        this.i = end
        node = {
          kind: 'member',
          target: node,
          property: { kind: 'string', value: name, offset },
          optional,
          offset,
        }
      } else if (after === '[') {
        const offset = this.i
        this.i += optional ? 2 : 1
        const property = this.expression()
        this.space()
        if (this.text[this.i] !== ']') this.fail('expected "]"')
        this.i++
        node = { kind: 'member', target: node, property, optional, offset }
      } else break
    }
    this.depth--
    return node
  }

  private primary(): ExpressionNode {
    const offset = this.i
    const c = this.text[this.i]
    if (c === "'") return { kind: 'string', value: this.stringLiteral(), offset }
    const numberStop = numberEnd(this.text, this.i)
    if (numberStop > this.i) {
      const number = this.text.slice(this.i, numberStop)
      this.i = numberStop
      return { kind: 'number', value: Number(number), offset }
    }
    const identifierStop = identifierEnd(this.text, this.i)
    if (identifierStop === this.i)
      this.fail(this.i >= this.text.length ? 'unexpected end of expression' : 'unexpected character')
    const word = this.text.slice(this.i, identifierStop)
    this.i = identifierStop
    this.space()
    if (this.text[this.i] !== '(') {
      if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true', offset }
      if (word === 'null') return { kind: 'null', offset }
      this.fail(`"${word}" is not a function call`)
    }
    this.i++
    const args: ExpressionNode[] = []
    this.space()
    if (this.text[this.i] === ')') {
      this.i++
      return { kind: 'call', name: word, args, offset }
    }
    for (;;) {
      args.push(this.expression())
      this.space()
      const next = this.text[this.i]
      this.i++
      if (next === ')') return { kind: 'call', name: word, args, offset }
      if (next !== ',') {
        this.i--
        this.fail('expected "," or ")"')
      }
    }
  }

  private stringLiteral(): string {
    let value = ''
    let from = this.i + 1
    for (;;) {
      const quote = this.text.indexOf("'", from)
      if (quote < 0) {
        this.i = this.text.length
        this.fail('unterminated string literal')
      }
      value += this.text.slice(from, quote)
      if (this.text[quote + 1] === "'") {
        value += "'"
        from = quote + 2
        continue
      }
      this.i = quote + 1
      return value
    }
  }
}

/** Parses one whole expression (the text after `@`). Throws {@link ExpressionSyntaxError}. */
export function parseExpression(text: string): ExpressionNode {
  const parser = new ExpressionParser(text, 0)
  const node = parser.expression()
  if (text.slice(parser.position).trim() !== '')
    throw new ExpressionSyntaxError('unexpected text after the expression', parser.position)
  return node
}

const LITERAL: TemplateValue = Object.freeze({
  kind: 'literal',
  segments: Object.freeze([]) as readonly TemplateSegment[],
})

/**
 * How the workflow language reads a string, from its text alone (no parse): `expression` when it
 * starts with one `@` (not `@@`, not `@{`), `interpolated` when it holds `@{`, else `literal`. What
 * {@link parseTemplate} would say as `kind`, for the many callers that need only that.
 */
export function templateKind(value: string): TemplateValue['kind'] {
  if (value.charCodeAt(0) === 0x40 /* @ */ && value[1] !== '@' && value[1] !== '{') return 'expression'
  return value.includes('@{') ? 'interpolated' : 'literal'
}

/**
 * Reads a JSON string as the workflow language does. A literal's `segments` is empty (its text is
 * the string itself, unchanged but for a leading `@@`); callers keep the string.
 */
export function parseTemplate(value: string): TemplateValue {
  const kind = templateKind(value)
  if (kind === 'literal') return LITERAL
  if (kind === 'expression') {
    const source = value.slice(1)
    try {
      return {
        kind: 'expression',
        segments: [{ kind: 'expression', source, expression: parseExpression(source) }],
      }
    } catch (error) {
      return { kind: 'expression', segments: [{ kind: 'error', source, reason: (error as Error).message }] }
    }
  }
  const segments: TemplateSegment[] = []
  let text = ''
  let i = 0
  while (i < value.length) {
    const at = value.indexOf('@', i)
    if (at < 0) {
      text += value.slice(i)
      break
    }
    text += value.slice(i, at)
    if (value[at + 1] === '@') {
      // `@@` is one literal `@`.
      text += '@'
      i = at + 2
      continue
    }
    if (value[at + 1] !== '{') {
      text += '@'
      i = at + 1
      continue
    }
    if (text !== '') segments.push({ kind: 'text', text })
    text = ''
    const parser = new ExpressionParser(value, at + 2)
    try {
      const expression = parser.expression()
      let end = parser.position
      while (isSpace(value.charCodeAt(end))) end++
      if (value[end] !== '}') throw new ExpressionSyntaxError('expected "}"', end)
      segments.push({ kind: 'expression', source: value.slice(at + 2, end), expression })
      i = end + 1
    } catch (error) {
      const close = value.indexOf('}', at + 2)
      const end = close < 0 ? value.length : close
      segments.push({ kind: 'error', source: value.slice(at + 2, end), reason: (error as Error).message })
      i = end + 1
    }
  }
  if (text !== '') segments.push({ kind: 'text', text })
  return { kind: 'interpolated', segments }
}

/** Every call in `template`'s expressions, depth-first (a plain loop: this runs on every value). */
export function templateCalls(template: TemplateValue): CallNode[] {
  const calls: CallNode[] = []
  for (const segment of template.segments)
    if (segment.kind === 'expression') collectCalls(segment.expression, calls)
  return calls
}

function collectCalls(node: ExpressionNode, calls: CallNode[]): void {
  if (node.kind === 'call') {
    calls.push(node)
    for (const arg of node.args) collectCalls(arg, calls)
  } else if (node.kind === 'member') {
    collectCalls(node.target, calls)
    collectCalls(node.property, calls)
  }
}

/** Every node of `node`, depth-first, parents before children. */
export function* walkExpression(node: ExpressionNode): Generator<ExpressionNode> {
  yield node
  if (node.kind === 'call') for (const arg of node.args) yield* walkExpression(arg)
  else if (node.kind === 'member') {
    yield* walkExpression(node.target)
    yield* walkExpression(node.property)
  }
}

/** Every parsed expression of a template value. */
export function templateExpressions(template: TemplateValue): ExpressionNode[] {
  const out: ExpressionNode[] = []
  for (const segment of template.segments) if (segment.kind === 'expression') out.push(segment.expression)
  return out
}

/** The string literal a call's n-th argument is, else undefined (a computed name). */
export function literalArgument(call: ExpressionNode, index: number): string | undefined {
  if (call.kind !== 'call') return undefined
  const arg = call.args[index]
  return arg?.kind === 'string' ? arg.value : undefined
}

/**
 * Calls by name anywhere in the template (`body`, `outputs`, `parameters`…), e.g. to resolve the
 * actions a value reads from.
 */
export function callsIn(
  template: TemplateValue,
  names: ReadonlySet<string>,
): Array<ExpressionNode & { kind: 'call' }> {
  const out: Array<ExpressionNode & { kind: 'call' }> = []
  for (const expression of templateExpressions(template)) {
    for (const node of walkExpression(expression))
      if (node.kind === 'call' && names.has(node.name)) out.push(node)
  }
  return out
}
