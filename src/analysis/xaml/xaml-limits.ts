/**
 * What the reader accepts, as data: every limit, its default and how crossing it is refused, in
 * one table. {@link parseXaml} counts while it streams and throws at the first element, attribute
 * or text that crosses a limit, so a refusal costs no more than reading up to that point (never
 * the whole model).
 *
 * The defaults are far above real workflows: across the 183 `.xaml` of the shared corpus (UiPath
 * templates, REFramework projects, samples; 2026-12) the largest file is 86 KB with 627 elements,
 * 826 attributes, nesting 26 deep, 41 attributes on one element, a 23,940-byte attribute,
 * 29,453 attribute bytes in one file, a 1,612-character text and 75 activity links (370 nodes).
 * `xaml/corpus.test.ts` keeps every corpus file under a tenth of every limit.
 *
 * They are also what bounds the analysis's cost, so the element limit is the tightest: the model
 * and the rules cost ~1–1.5 KB of heap and ~10 µs of CPU per element, so a file at the limit
 * (50,000 elements: ~80× the largest corpus file, ~7 MB at its density) takes ~75 MiB and under
 * a second to analyse or to refuse (bench/README.md has the figures through the API).
 *
 * @module
 */

/** Limits applied while reading; defaults in {@link DEFAULT_XAML_LIMITS}. */
export interface XamlLimits {
  /** Input size in bytes (UTF-8 bytes for string input). */
  readonly maxBytes: number
  /** Element nesting depth (property elements count). */
  readonly maxDepth: number
  /** Elements in the file (property elements count). */
  readonly maxElements: number
  /** Attributes in the file (namespace declarations count). */
  readonly maxAttributes: number
  /** Attributes on one element. */
  readonly maxAttributesPerElement: number
  /** UTF-8 bytes of one attribute value (after entity decoding). */
  readonly maxAttributeValueBytes: number
  /** UTF-8 bytes of all attribute values of the file. */
  readonly maxTotalAttributeBytes: number
  /** UTF-8 bytes of the text of one element (an expression written as text, a literal…). */
  readonly maxTextBytes: number
  /**
   * Entries of the model's `children` lists on non-activity elements: each activity is listed on
   * every wrapper (argument, flow node, value…) between it and its nearest activity ancestor, so
   * N activities under a chain of D wrappers cost N × D. Bounded so that nesting 99,000 activities
   * under 500 wrappers is refused instead of taking 1 GB and half a minute.
   */
  readonly maxActivityLinks: number
}

/** One of the {@link XamlLimits}. */
export type XamlLimitName = keyof XamlLimits

const MiB = 1024 * 1024

/** The default limits (see the module doc for how far real workflows are from them). */
export const DEFAULT_XAML_LIMITS: XamlLimits = Object.freeze({
  maxBytes: 10 * MiB,
  maxDepth: 512,
  maxElements: 50_000,
  maxAttributes: 250_000,
  maxAttributesPerElement: 1024,
  maxAttributeValueBytes: 1 * MiB,
  maxTotalAttributeBytes: 4 * MiB,
  maxTextBytes: 1 * MiB,
  maxActivityLinks: 1_000_000,
})

/** How crossing each limit is refused: the error code and the reason, given the limit. */
export const XAML_LIMIT_REFUSALS: Readonly<
  Record<
    XamlLimitName,
    {
      readonly code: 'XAML_TOO_LARGE' | 'XAML_TOO_DEEP' | 'XAML_TOO_COMPLEX'
      readonly reason: (limit: number) => string
    }
  >
> = Object.freeze({
  maxBytes: { code: 'XAML_TOO_LARGE', reason: (limit) => `is larger than ${limit} bytes` },
  maxDepth: { code: 'XAML_TOO_DEEP', reason: (limit) => `nests elements deeper than ${limit} levels` },
  maxElements: { code: 'XAML_TOO_LARGE', reason: (limit) => `has more than ${limit} elements` },
  maxAttributes: { code: 'XAML_TOO_LARGE', reason: (limit) => `has more than ${limit} attributes` },
  maxAttributesPerElement: {
    code: 'XAML_TOO_LARGE',
    reason: (limit) => `has more than ${limit} attributes on one element`,
  },
  maxAttributeValueBytes: {
    code: 'XAML_TOO_LARGE',
    reason: (limit) => `has an attribute value larger than ${limit} bytes`,
  },
  maxTotalAttributeBytes: {
    code: 'XAML_TOO_LARGE',
    reason: (limit) => `has more than ${limit} bytes of attribute values`,
  },
  maxTextBytes: {
    code: 'XAML_TOO_LARGE',
    reason: (limit) => `has an element text larger than ${limit} bytes`,
  },
  maxActivityLinks: {
    code: 'XAML_TOO_COMPLEX',
    reason: (limit) => `nests activities under wrapper elements more than ${limit} times`,
  },
})
