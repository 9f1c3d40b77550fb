/**
 * A small JSON reader for hostile flow files: one pass over the text that builds a tree of values,
 * each carrying the 1-based line and column where it starts (for an object member, where its key
 * starts: the line a reviewer looks at), so that a finding on `#/actions/Scope_Try/actions/HTTP`
 * can name its line. `JSON.parse` keeps no positions and silently keeps the last of two
 * duplicate keys, hence this reader.
 *
 * Hostile input: the size limit is checked before any work, depth, value count, members per
 * object and string length while scanning (flow-limits.ts), and the first crossing throws a
 * {@link FlowError}; duplicate keys are refused (`FLOW_JSON_DUPLICATE_KEY`, see flow-error.ts);
 * `__proto__` is an ordinary key (members live in arrays). Strings without escapes are sliced
 * from the text (their end found by one loop); strings with escapes are decoded by `JSON.parse`
 * of their own slice, so escape handling is the platform's.
 *
 * @module
 */
import { FlowError } from './flow-error.js'
import {
  DEFAULT_FLOW_LIMITS,
  FLOW_LIMIT_REFUSALS,
  type FlowLimitName,
  type FlowLimits,
} from './flow-limits.js'

interface JsonBase {
  /** 1-based line where the value starts, or where its key starts when it is an object member. */
  readonly line: number
  /** 1-based column (UTF-16 code units), same rule as `line`. */
  readonly column: number
}

export interface JsonObject extends JsonBase {
  readonly kind: 'object'
  /** Member keys in document order (no duplicates: the reader refuses them). */
  readonly keys: readonly string[]
  /** Member values, in the order of `keys`. */
  readonly values: readonly JsonNode[]
  /** Members in document order, as a Map (built on first use). */
  readonly members: ReadonlyMap<string, JsonNode>
  /** The member `key`, or undefined. */
  get(key: string): JsonNode | undefined
}

/** Objects with more members than this get a Map index; smaller ones are searched in place. */
const INDEX_FROM = 12

/**
 * An object's members as two arrays: building a Map per object cost more than the rest of the
 * reader (measured: arrays are ~2.7× cheaper for the 5–10 members a flow's objects have).
 */
class JsonObjectNode implements JsonObject {
  readonly kind = 'object' as const
  private index: Map<string, JsonNode> | undefined

  constructor(
    readonly keys: readonly string[],
    readonly values: readonly JsonNode[],
    readonly line: number,
    readonly column: number,
  ) {}

  get members(): ReadonlyMap<string, JsonNode> {
    this.index ??= new Map(this.keys.map((key, i) => [key, this.values[i] as JsonNode]))
    return this.index
  }

  get(key: string): JsonNode | undefined {
    if (this.keys.length > INDEX_FROM) return this.members.get(key)
    const at = this.keys.indexOf(key)
    return at < 0 ? undefined : this.values[at]
  }
}
export interface JsonArray extends JsonBase {
  readonly kind: 'array'
  readonly items: readonly JsonNode[]
}
export interface JsonString extends JsonBase {
  readonly kind: 'string'
  readonly value: string
}
export interface JsonNumber extends JsonBase {
  readonly kind: 'number'
  readonly value: number
}
export interface JsonBoolean extends JsonBase {
  readonly kind: 'boolean'
  readonly value: boolean
}
export interface JsonNull extends JsonBase {
  readonly kind: 'null'
  readonly value: null
}
export type JsonNode = JsonObject | JsonArray | JsonString | JsonNumber | JsonBoolean | JsonNull

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const utf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true })
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y
// biome-ignore lint/suspicious/noControlCharactersInRegex: raw control characters are what JSON forbids in strings
const CONTROL = /[\u0000-\u001f]/
const INDENTATION = / */y
/** A string's characters up to its closing quote when it has no escape and no control character. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: raw control characters are what JSON forbids in strings
const PLAIN_STRING = /[^"\\\u0000-\u001f]*/y

function limitError(
  name: FlowLimitName,
  limits: FlowLimits,
  fileName: string,
  at?: { line: number; column: number },
) {
  const refusal = FLOW_LIMIT_REFUSALS[name]
  const value = limits[name]
  return new FlowError(refusal.code, `the flow ${refusal.reason(value)}`, {
    ...at,
    fileName,
    limit: { name, value },
  })
}

/** Decodes bytes to text (UTF-8, or UTF-16 with a BOM), size limit first; drops a BOM. */
export function decodeFlowText(input: Uint8Array | string, fileName: string, limits: FlowLimits): string {
  if (typeof input === 'string') {
    if (input.length > limits.maxBytes || Buffer.byteLength(input, 'utf8') > limits.maxBytes)
      throw limitError('maxBytes', limits, fileName)
    return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  }
  if (input.length > limits.maxBytes) throw limitError('maxBytes', limits, fileName)
  try {
    if (input[0] === 0xff && input[1] === 0xfe) return utf16le.decode(input.subarray(2))
    if (input[0] === 0xfe && input[1] === 0xff) {
      const swapped = new Uint8Array(input.length - 2)
      for (let i = 2; i + 1 < input.length; i += 2) {
        swapped[i - 2] = input[i + 1] as number
        swapped[i - 1] = input[i] as number
      }
      return utf16le.decode(swapped)
    }
    const start = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf ? 3 : 0
    return utf8.decode(input.subarray(start))
  } catch {
    throw new FlowError('FLOW_ENCODING_ERROR', 'the file is not valid UTF-8 or UTF-16 text', { fileName })
  }
}

/** Scanner state for one document. */
class JsonScanner {
  private i = 0
  private line = 1
  private lineStart = 0
  private values = 0

  constructor(
    private readonly text: string,
    private readonly fileName: string,
    private readonly limits: FlowLimits,
  ) {}

  document(): JsonNode {
    this.skipSpace()
    const root = this.value(0, this.line, this.i - this.lineStart + 1)
    this.skipSpace()
    if (this.i < this.text.length) this.fail('unexpected text after the JSON value')
    return root
  }

  private fail(reason: string, at = this.i): never {
    throw new FlowError('FLOW_JSON_INVALID', `not valid JSON: ${reason}`, {
      line: this.line,
      column: at - this.lineStart + 1,
      fileName: this.fileName,
    })
  }

  private skipSpace(): void {
    const text = this.text
    let i = this.i
    for (;;) {
      const c = text.charCodeAt(i)
      if (c === 0x20 || c === 0x09 || c === 0x0d) i++
      else if (c === 0x0a) {
        i++
        this.line++
        this.lineStart = i
        // Indentation: pretty-printed flows are ~40 % spaces; a regex skips a run natively.
        INDENTATION.lastIndex = i
        INDENTATION.test(text)
        i = INDENTATION.lastIndex
      } else break
    }
    this.i = i
  }

  private count(): void {
    if (++this.values > this.limits.maxValues)
      throw limitError('maxValues', this.limits, this.fileName, this.here())
  }

  private here(): { line: number; column: number } {
    return { line: this.line, column: this.i - this.lineStart + 1 }
  }

  /** A value at `this.i`; `line`/`column` are what the node records (its key's, for a member). */
  private value(depth: number, line: number, column: number): JsonNode {
    this.count()
    const c = this.text.charCodeAt(this.i)
    if (c === 0x7b) return this.object(depth + 1, line, column)
    if (c === 0x5b) return this.array(depth + 1, line, column)
    if (c === 0x22) return { kind: 'string', value: this.string(), line, column }
    if (c === 0x74 && this.text.startsWith('true', this.i)) {
      this.i += 4
      return { kind: 'boolean', value: true, line, column }
    }
    if (c === 0x66 && this.text.startsWith('false', this.i)) {
      this.i += 5
      return { kind: 'boolean', value: false, line, column }
    }
    if (c === 0x6e && this.text.startsWith('null', this.i)) {
      this.i += 4
      return { kind: 'null', value: null, line, column }
    }
    NUMBER.lastIndex = this.i
    const number = NUMBER.exec(this.text)
    if (number === null)
      this.fail(this.i >= this.text.length ? 'unexpected end of input' : 'unexpected character')
    this.i += number[0].length
    return { kind: 'number', value: Number(number[0]), line, column }
  }

  private enter(depth: number): void {
    if (depth > this.limits.maxDepth) throw limitError('maxDepth', this.limits, this.fileName, this.here())
  }

  private object(depth: number, line: number, column: number): JsonObject {
    this.enter(depth)
    this.i++ // {
    const keys: string[] = []
    const values: JsonNode[] = []
    // Duplicates: a linear search while small, a Set once the object grows (bounded cost).
    let seen: Set<string> | undefined
    this.skipSpace()
    if (this.text.charCodeAt(this.i) === 0x7d) {
      this.i++
      return new JsonObjectNode(keys, values, line, column)
    }
    for (;;) {
      if (this.text.charCodeAt(this.i) !== 0x22) this.fail('expected a key in double quotes')
      const keyLine = this.line
      const keyColumn = this.i - this.lineStart + 1
      const key = this.string()
      if (seen === undefined && keys.length >= INDEX_FROM) seen = new Set(keys)
      if (seen === undefined ? keys.includes(key) : seen.has(key)) {
        throw new FlowError(
          'FLOW_JSON_DUPLICATE_KEY',
          `the key ${JSON.stringify(key.slice(0, 200))} appears twice in one object`,
          {
            line: keyLine,
            column: keyColumn,
            fileName: this.fileName,
          },
        )
      }
      seen?.add(key)
      if (keys.length >= this.limits.maxMembers)
        throw limitError('maxMembers', this.limits, this.fileName, { line: keyLine, column: keyColumn })
      this.skipSpace()
      if (this.text.charCodeAt(this.i) !== 0x3a) this.fail('expected ":" after a key')
      this.i++
      this.skipSpace()
      keys.push(key)
      values.push(this.value(depth, keyLine, keyColumn))
      this.skipSpace()
      const next = this.text.charCodeAt(this.i)
      this.i++
      if (next === 0x7d) return new JsonObjectNode(keys, values, line, column)
      if (next !== 0x2c) this.fail('expected "," or "}"', this.i - 1)
      this.skipSpace()
    }
  }

  private array(depth: number, line: number, column: number): JsonArray {
    this.enter(depth)
    this.i++ // [
    const items: JsonNode[] = []
    this.skipSpace()
    if (this.text.charCodeAt(this.i) === 0x5d) {
      this.i++
      return { kind: 'array', items, line, column }
    }
    for (;;) {
      items.push(this.value(depth, this.line, this.i - this.lineStart + 1))
      this.skipSpace()
      const next = this.text.charCodeAt(this.i)
      this.i++
      if (next === 0x5d) return { kind: 'array', items, line, column }
      if (next !== 0x2c) this.fail('expected "," or "]"', this.i - 1)
      this.skipSpace()
    }
  }

  /** The string at `this.i` (which is `"`), decoded; leaves `this.i` after its closing quote. */
  private string(): string {
    const text = this.text
    const start = this.i + 1
    // Most strings (keys, names, expressions) hold no escape and no control character: a sticky
    // regex finds their end natively (measured: the reader ~12 % faster than a charCodeAt loop,
    // which was its top line). The others, and any longer than the limit, take the general path.
    PLAIN_STRING.lastIndex = start
    PLAIN_STRING.test(text)
    const end = PLAIN_STRING.lastIndex
    if (text.charCodeAt(end) === 0x22 && end - start <= this.limits.maxStringLength) {
      this.i = end + 1
      return text.slice(start, end)
    }
    return this.escapedString(start)
  }

  /** A string from `start` (after its opening quote) that holds an escape or a control character. */
  private escapedString(start: number): string {
    const text = this.text
    let end = text.indexOf('"', start)
    let escaped = false
    // A quote preceded by an odd run of backslashes is escaped: look further.
    for (;;) {
      if (end < 0) this.fail('unterminated string')
      let backslashes = 0
      while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++
      if (backslashes > 0) escaped = true
      if (backslashes % 2 === 0) break
      end = text.indexOf('"', end + 1)
    }
    if (end - start > this.limits.maxStringLength)
      throw limitError('maxStringLength', this.limits, this.fileName, this.here())
    const raw = text.slice(start, end)
    this.i = end + 1
    if (!escaped && raw.indexOf('\\') < 0) {
      if (CONTROL.test(raw)) this.fail('control character in a string', start)
      return raw
    }
    try {
      return JSON.parse(`"${raw}"`) as string
    } catch {
      return this.fail('invalid escape or control character in a string', start)
    }
  }
}

/**
 * Reads `input` as one JSON document under `limits`. Throws {@link FlowError} (`FLOW_JSON_INVALID`,
 * `FLOW_JSON_DUPLICATE_KEY`, `FLOW_ENCODING_ERROR`, `FLOW_TOO_LARGE`, `FLOW_TOO_DEEP`).
 */
export function readJsonDocument(
  input: Uint8Array | string,
  fileName: string,
  limits: Partial<FlowLimits> = {},
): JsonNode {
  const resolved = { ...DEFAULT_FLOW_LIMITS, ...limits }
  const text = decodeFlowText(input, fileName, resolved)
  return new JsonScanner(text, fileName, resolved).document()
}

/** The member `key` of `node` when it is an object, else undefined. */
export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return node?.kind === 'object' ? node.get(key) : undefined
}

/** The members of `node` (an object) as `[key, value]` pairs, without building a Map. */
export function memberEntries(node: JsonObject): Array<[string, JsonNode]> {
  const { keys, values } = node
  const entries: Array<[string, JsonNode]> = new Array(keys.length)
  for (let i = 0; i < keys.length; i++) entries[i] = [keys[i] as string, values[i] as JsonNode]
  return entries
}

/** The string value of member `key`, else undefined. */
export function stringMember(node: JsonNode | undefined, key: string): string | undefined {
  const value = member(node, key)
  return value?.kind === 'string' ? value.value : undefined
}

/** The node as a plain JS value (for messages and tests; bounded by what the reader accepted). */
export function toPlainValue(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object': {
      const out: Record<string, unknown> = Object.create(null)
      for (const [key, value] of node.members) out[key] = toPlainValue(value)
      return out
    }
    case 'array':
      return node.items.map(toPlainValue)
    default:
      return node.value
  }
}

/** `a/b~c` → `a~1b~0c` (RFC 6901). */
export function escapePointerSegment(segment: string): string {
  if (!segment.includes('~') && !segment.includes('/')) return segment
  return segment.replaceAll('~', '~0').replaceAll('/', '~1')
}
