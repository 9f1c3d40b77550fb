/**
 * A Blue Prism export's XML as a small element tree with source positions, read under the XAML
 * reader's rules: saxes (no DTD: a DOCTYPE is refused, so no entity but XML's five is ever
 * expanded; no external resource is ever fetched), the input decoded by the XAML reader's
 * `decodeInput` (size limit before decoding; UTF-8 or UTF-16 with BOM; invalid bytes refused),
 * tag positions by a forward-only line locator ({@link TagLocator}), every limit of
 * {@link BluePrismLimits} counted while streaming, and every failure a {@link BluePrismError}.
 *
 * @module
 */
import { SaxesParser, type SaxesTagNS } from 'saxes'
import { decodeInput } from '../xaml/decode-input.js'
import { XamlError } from '../xaml/xaml-error.js'
import { BluePrismError } from './blue-prism-error.js'
import type { BluePrismLimitName, BluePrismLimits } from './blue-prism-limits.js'

/** One element: names, attributes, its own text (text and CDATA joined), children, where it starts. */
export interface XmlElement {
  /** Local name (`release`, `stage`). */
  readonly local: string
  /** Namespace URI ('' for none). */
  readonly uri: string
  readonly attributes: Readonly<Record<string, string>>
  readonly children: XmlElement[]
  text: string
  /** 1-based line and column of the `<` of the start tag. */
  readonly line: number
  readonly column: number
}

/** The first child named `local`, or undefined. */
export function child(element: XmlElement, local: string): XmlElement | undefined {
  return element.children.find((candidate) => candidate.local === local)
}

/** Every child named `local`. */
export function children(element: XmlElement, local: string): XmlElement[] {
  return element.children.filter((candidate) => candidate.local === local)
}

/** The text of the first child named `local` (trimmed), or undefined when there is none. */
export function childText(element: XmlElement, local: string): string | undefined {
  const found = child(element, local)
  return found === undefined ? undefined : found.text.trim()
}

class StopReading extends Error {}

/**
 * Line and column of each tag's `<`. Tags start at increasing offsets, so the locator only moves
 * forward, from one line break to the next (found with `indexOf`): linear over the file, and
 * nothing to record at the other events (the XAML reader's `SourcePositions` reads the parser's
 * position at every text and close-tag event; here that was a tenth of the reading time). Line
 * breaks as saxes counts them in XML 1.0: LF, CRLF and a lone CR.
 */
class TagLocator {
  line = 1
  column = 1
  private lineStart = 0
  private nextBreak: number
  private readonly loneCarriageReturns: boolean
  // The next LF and CR at or after the last search: kept, so that each is searched for once per
  // break and the scan stays linear whichever of them the file uses.
  private nextLineFeed = -1
  private nextCarriageReturn = -1

  constructor(private readonly source: string) {
    this.loneCarriageReturns = /\r(?!\n)/.test(source)
    this.nextBreak = this.findBreak(0)
  }

  private static after(source: string, char: string, from: number): number {
    const at = source.indexOf(char, from)
    return at < 0 ? Number.POSITIVE_INFINITY : at
  }

  /** The first line break at or after `from` (the offset of its last character), or Infinity. */
  private findBreak(from: number): number {
    if (this.nextLineFeed < from) this.nextLineFeed = TagLocator.after(this.source, '\n', from)
    if (!this.loneCarriageReturns) return this.nextLineFeed
    if (this.nextCarriageReturn < from) this.nextCarriageReturn = TagLocator.after(this.source, '\r', from)
    const cr = this.nextCarriageReturn
    // A CR right before its LF is one break (CRLF), found as the LF.
    return cr < this.nextLineFeed && this.source.charCodeAt(cr + 1) !== 10 ? cr : this.nextLineFeed
  }

  /** Moves to source offset `at` (never before the previous one). */
  locate(at: number): void {
    while (this.nextBreak < at) {
      this.line++
      this.lineStart = this.nextBreak + 1
      this.nextBreak = this.findBreak(this.lineStart)
    }
    this.column = at - this.lineStart + 1
  }

  /** At an `opentagstart` event (the parser just after the tag's name): where its `<` is. */
  startTag(offset: number, tagName: string): void {
    const lessThan = this.source.lastIndexOf('<', offset - 1)
    this.locate(
      lessThan >= 0 && offset - lessThan <= tagName.length + 2
        ? lessThan
        : Math.max(0, offset - tagName.length - 2),
    )
  }
}

const NOT_BLANK = /\S/

/** Reads `input` (bytes or text) into its root element; throws {@link BluePrismError}. */
export function readXmlTree(
  input: Uint8Array | string,
  fileName: string,
  limits: BluePrismLimits,
): XmlElement {
  let source: string
  try {
    source = decodeInput(input, fileName, limits.maxBytes)
  } catch (error) {
    if (!(error instanceof XamlError)) throw error
    const code = error.code === 'XAML_TOO_LARGE' ? 'BLUE_PRISM_TOO_LARGE' : 'BLUE_PRISM_PARSE_ERROR'
    throw new BluePrismError(code, error.message, {
      fileName,
      line: error.line,
      column: error.column,
      ...(error.limit === undefined ? {} : { limit: { name: 'maxBytes', value: limits.maxBytes } }),
    })
  }
  const parser = new SaxesParser({ xmlns: true, position: true })
  const positions = new TagLocator(source)
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  let elements = 0
  let failure: BluePrismError | undefined
  const fail = (code: BluePrismError['code'], message: string, limit?: BluePrismLimitName): never => {
    failure ??= new BluePrismError(code, message, {
      fileName,
      line: positions.line,
      column: positions.column,
      ...(limit === undefined ? {} : { limit: { name: limit, value: limits[limit] } }),
    })
    throw new StopReading()
  }
  const over = (limit: BluePrismLimitName, what: string) =>
    fail(
      limit === 'maxDepth' ? 'BLUE_PRISM_TOO_DEEP' : 'BLUE_PRISM_TOO_LARGE',
      `${what}; the limit (${limit}) is ${limits[limit]}`,
      limit,
    )

  parser.on('error', (error: Error) => {
    if (failure !== undefined) throw new StopReading()
    failure = new BluePrismError('BLUE_PRISM_PARSE_ERROR', error.message.replace(/^\d+:\d+: /, ''), {
      fileName,
      line: parser.line,
      column: parser.column,
    })
    throw new StopReading()
  })
  parser.on('doctype', () =>
    fail('BLUE_PRISM_DTD_FORBIDDEN', 'DOCTYPE and entity declarations are not allowed'),
  )
  parser.on('opentagstart', (tag) => {
    positions.startTag(parser.position, tag.name)
    elements++
    if (elements > limits.maxElements) over('maxElements', `more than ${limits.maxElements} elements`)
    if (stack.length + 1 > limits.maxDepth) over('maxDepth', `elements nested ${stack.length + 1} deep`)
  })
  // No 'attribute' handler: only tag starts are located.
  parser.on('opentag', (tag: SaxesTagNS) => {
    const attributes: Record<string, string> = Object.create(null)
    const entries = Object.values(tag.attributes)
    if (entries.length > limits.maxAttributesPerElement) {
      over('maxAttributesPerElement', `an element with ${entries.length} attributes`)
    }
    for (const attribute of entries) {
      if (attribute.value.length > limits.maxAttributeValueChars) {
        over('maxAttributeValueChars', `an attribute of ${attribute.value.length} characters`)
      }
      attributes[attribute.name] = attribute.value
    }
    const element: XmlElement = {
      local: tag.local,
      uri: tag.uri,
      attributes,
      children: [],
      text: '',
      line: positions.line,
      column: positions.column,
    }
    stack.at(-1)?.children.push(element)
    if (stack.length === 0) root = element
    stack.push(element)
  })
  const addText = (text: string) => {
    const current = stack.at(-1)
    // Indentation between elements is no one's text: not kept (nor counted against the limit).
    if (current === undefined || (current.text === '' && !NOT_BLANK.test(text))) return
    if (current.text.length + text.length > limits.maxTextChars) {
      over('maxTextChars', `an element with more than ${limits.maxTextChars} characters of text`)
    }
    current.text += text
  }
  parser.on('text', addText)
  parser.on('cdata', addText)
  parser.on('closetag', () => {
    stack.pop()
  })
  try {
    parser.write(source)
    parser.close()
  } catch (error) {
    if (!(error instanceof StopReading)) throw error
  }
  if (failure !== undefined) throw failure
  if (root === undefined) {
    throw new BluePrismError('BLUE_PRISM_PARSE_ERROR', 'the file holds no XML element', { fileName })
  }
  return root
}
