/**
 * What the Power Automate reader accepts, as data: every limit of one flow's JSON, its default and
 * how crossing it is refused. The JSON reader (json-document.ts) counts while it scans and throws at
 * the first value that crosses a limit, so a refusal costs no more than reading up to that point.
 *
 * The defaults are far above real flows: across the 48 flow definitions of the shared corpus
 * (pnp samples, the Business Approvals Kit; 2026-12) the largest file is 147 KB, the most values
 * in one file 1,564, JSON nesting 29 deep, 33 members in one object and the longest string 1,536
 * characters. `test/corpus/power-automate-findings.test.ts` keeps every corpus flow under a tenth
 * of every limit. The value limit is what bounds a refusal's cost: a 10 MB file of tiny values
 * is refused after 200,000 of them instead of building millions of nodes.
 *
 * @module
 */

/** Limits applied while reading one flow's JSON; defaults in {@link DEFAULT_FLOW_LIMITS}. */
export interface FlowLimits {
  /** Input size in bytes (UTF-8 bytes for string input). */
  readonly maxBytes: number
  /** Nesting of objects and arrays. */
  readonly maxDepth: number
  /** Values in the document (every object, array, string, number, literal; keys not counted). */
  readonly maxValues: number
  /** Characters of one string (key or value), as written (escapes count as written). */
  readonly maxStringLength: number
  /** Members of one object. */
  readonly maxMembers: number
}

/** One of the {@link FlowLimits}. */
export type FlowLimitName = keyof FlowLimits

const MiB = 1024 * 1024

export const DEFAULT_FLOW_LIMITS: FlowLimits = Object.freeze({
  maxBytes: 10 * MiB,
  maxDepth: 512,
  maxValues: 200_000,
  maxStringLength: 2 * MiB,
  maxMembers: 50_000,
})

/** How crossing each limit is refused: the error code and the reason, given the limit. */
export const FLOW_LIMIT_REFUSALS: Readonly<
  Record<
    FlowLimitName,
    { readonly code: 'FLOW_TOO_LARGE' | 'FLOW_TOO_DEEP'; readonly reason: (limit: number) => string }
  >
> = Object.freeze({
  maxBytes: { code: 'FLOW_TOO_LARGE', reason: (limit) => `is larger than ${limit} bytes` },
  maxDepth: {
    code: 'FLOW_TOO_DEEP',
    reason: (limit) => `nests objects and arrays deeper than ${limit} levels`,
  },
  maxValues: { code: 'FLOW_TOO_LARGE', reason: (limit) => `has more than ${limit} JSON values` },
  maxStringLength: {
    code: 'FLOW_TOO_LARGE',
    reason: (limit) => `has a string longer than ${limit} characters`,
  },
  maxMembers: { code: 'FLOW_TOO_LARGE', reason: (limit) => `has an object with more than ${limit} members` },
})
