/**
 * What the Blue Prism reader accepts, as data: every limit and its default. The reader counts while
 * it streams and refuses at the first element, attribute or text that crosses one
 * (BLUE_PRISM_TOO_LARGE / BLUE_PRISM_TOO_DEEP), so a refusal costs no more than reading up to there.
 *
 * The defaults are far above real exports: across the 16 Blue Prism files of the shared corpus
 * (2026-12) the largest is 224 KB with ~6,000 elements, nesting 12 deep, a 20 KB code stage and a
 * 3 KB attribute (blue-prism/corpus.test.ts keeps every corpus file under a tenth of each limit).
 * The element tree the reader keeps costs ~300 bytes per element, so a file at the element limit
 * (200,000) takes ~60 MiB.
 *
 * @module
 */

export interface BluePrismLimits {
  /** Input size in bytes. */
  readonly maxBytes: number
  /** Element nesting depth. */
  readonly maxDepth: number
  /** Elements in the file. */
  readonly maxElements: number
  /** Attributes on one element. */
  readonly maxAttributesPerElement: number
  /** Characters of one attribute value (after entity decoding). */
  readonly maxAttributeValueChars: number
  /** Characters of the text of one element (a code stage, an initial value). */
  readonly maxTextChars: number
}

export type BluePrismLimitName = keyof BluePrismLimits

const MiB = 1024 * 1024

export const DEFAULT_BLUE_PRISM_LIMITS: BluePrismLimits = Object.freeze({
  maxBytes: 10 * MiB,
  maxDepth: 256,
  maxElements: 200_000,
  maxAttributesPerElement: 256,
  maxAttributeValueChars: 1 * MiB,
  maxTextChars: 2 * MiB,
})
