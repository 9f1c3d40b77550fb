/**
 * Counts what the reader's limits bound (xaml-limits.ts) as it streams past, and refuses the file
 * at the first one crossed, with the limit's code and reason (XAML_LIMIT_REFUSALS).
 *
 * @module
 */
import { XamlError } from './xaml-error.js'
import { XAML_LIMIT_REFUSALS, type XamlLimitName, type XamlLimits } from './xaml-limits.js'

/** Where the reader is, for a refusal that names no position of its own. */
export type CurrentPosition = () => { line: number; column: number }

export class XamlLimitCounter {
  private elements = 0
  private attributes = 0
  private attributeBytes = 0
  private activityLinks = 0

  constructor(
    readonly limits: XamlLimits,
    private readonly fileName: string,
    private readonly current: CurrentPosition,
  ) {}

  /** Refuses the file for crossing limit `name` (code and reason from XAML_LIMIT_REFUSALS). */
  refuse(name: XamlLimitName, line?: number, column?: number): never {
    const value = this.limits[name]
    const refusal = XAML_LIMIT_REFUSALS[name]
    const here = line === undefined || column === undefined ? this.current() : undefined
    throw new XamlError(refusal.code, `the workflow ${refusal.reason(value)}`, {
      line: line ?? here?.line,
      column: column ?? here?.column,
      fileName: this.fileName,
      limit: { name, value },
    })
  }

  /** One more element, opened at `depth` (elements already open). */
  countElement(depth: number, line: number, column: number): void {
    if (++this.elements > this.limits.maxElements) this.refuse('maxElements', line, column)
    if (depth >= this.limits.maxDepth) this.refuse('maxDepth', line, column)
  }

  /** One more attribute, the element's number `index` (0-based), with this value. */
  countAttribute(index: number, value: string): void {
    const limits = this.limits
    if (index >= limits.maxAttributesPerElement) this.refuse('maxAttributesPerElement')
    if (++this.attributes > limits.maxAttributes) this.refuse('maxAttributes')
    const bytes = Buffer.byteLength(value, 'utf8')
    if (bytes > limits.maxAttributeValueBytes) this.refuse('maxAttributeValueBytes')
    this.attributeBytes += bytes
    if (this.attributeBytes > limits.maxTotalAttributeBytes) this.refuse('maxTotalAttributeBytes')
  }

  /** One more link from an activity to a non-activity ancestor (the nearest-activity lists). */
  countActivityLink(line: number, column: number): void {
    if (++this.activityLinks > this.limits.maxActivityLinks) this.refuse('maxActivityLinks', line, column)
  }

  /** Text of one element, `bytes` in all so far. */
  checkTextBytes(bytes: number): void {
    if (bytes > this.limits.maxTextBytes) this.refuse('maxTextBytes')
  }
}
