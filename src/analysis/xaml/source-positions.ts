/**
 * Where tags and attributes start in the source, 1-based. saxes reports the position after each
 * event; the start of a tag or an attribute is found from there, scanning for line breaks only
 * over the stretch since the previous event (so the whole pass stays linear).
 *
 * @module
 */
import type { SaxesParser } from 'saxes'

export class SourcePositions {
  /** Start of the current tag. */
  tagLine = 1
  tagColumn = 1
  /** Start of each attribute of the current tag, in attribute order. */
  readonly attributeLines: number[] = []
  readonly attributeColumns: number[] = []
  // Offset, line and column index after the previous event.
  private previousOffset = 0
  private previousLine = 1
  private previousColumnIndex = 0
  // What locate found.
  private locatedLine = 1
  private locatedColumn = 1

  constructor(
    private readonly source: string,
    private readonly parser: SaxesParser,
  ) {}

  /** Records the parser's position as the previous event's (call once per event). */
  markEvent(): void {
    this.previousOffset = this.parser.position
    this.previousLine = this.parser.line
    this.previousColumnIndex = this.parser.columnIndex
  }

  /** At an `opentagstart` event: where the tag's `<` is. */
  startTag(tagName: string): void {
    const offset = this.parser.position
    const lessThan = this.source.lastIndexOf('<', offset - 1)
    const at =
      lessThan >= 0 && offset - lessThan <= tagName.length + 2
        ? lessThan
        : Math.max(0, offset - tagName.length - 2)
    this.locate(at)
    this.tagLine = this.locatedLine
    this.tagColumn = this.locatedColumn
    this.markEvent()
  }

  /** At an `attribute` event: where attribute number `index` of the tag (named `name`) starts. */
  startAttribute(index: number, name: string): void {
    const offset = this.parser.position
    const quote = this.source.charCodeAt(offset - 1)
    const open = this.source.lastIndexOf(quote === 39 ? "'" : '"', offset - 2)
    const nameAt = open >= 0 ? this.source.lastIndexOf(name, open) : -1
    this.locate(Math.max(nameAt, this.previousOffset))
    this.attributeLines[index] = this.locatedLine
    this.attributeColumns[index] = this.locatedColumn
    this.markEvent()
  }

  /** Line and column of source offset `at`, which lies between the previous event and the parser's position. */
  private locate(at: number): void {
    const offset = this.parser.position
    const line = this.parser.line
    if (line === this.previousLine) {
      this.locatedLine = line
      this.locatedColumn = this.parser.columnIndex - (offset - at) + 1
      return
    }
    // A line break happened since the previous event: scan only this stretch.
    let atLine = this.previousLine
    let lineStart = this.previousOffset - this.previousColumnIndex
    for (let i = this.previousOffset; i < at; i++) {
      if (this.source.charCodeAt(i) === 10) {
        atLine++
        lineStart = i + 1
      }
    }
    this.locatedLine = atLine
    this.locatedColumn = at - lineStart + 1
  }
}
