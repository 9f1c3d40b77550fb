/**
 * The one error type the XAML reader throws. Every failure of {@link parseXaml}, for any input, is an
 * `XamlError` with a stable `code` from {@link XAML_ERROR_CODES} and, when known, a 1-based position
 * and the limit that was crossed.
 *
 * @module
 */
import type { XamlLimitName } from './xaml-limits.js'

/**
 * Stable error codes:
 * - `XAML_PARSE_ERROR`: not well-formed XML (also empty input, truncated files, non-XML text);
 * - `XAML_TOO_LARGE`: input bigger than `maxBytes`, or more elements, attributes, attribute bytes or
 *   text than allowed (`limit` says which, see xaml-limits.ts);
 * - `XAML_TOO_DEEP`: elements nested deeper than `maxDepth`;
 * - `XAML_TOO_COMPLEX`: not thrown by the reader itself: the analysis pool's answer when analysing
 *   the file took more memory than its thread may use (analysis-pool.ts);
 * - `XAML_DTD_FORBIDDEN`: a `<!DOCTYPE>` (and with it any entity declaration) — refused outright;
 * - `XAML_ENCODING_ERROR`: invalid UTF-8 / UTF-16 bytes;
 * - `XAML_NOT_WORKFLOW`: well-formed XML whose root is not a workflow (`Activity` or an activity in the
 *   `http://schemas.microsoft.com/netfx/2009/xaml/activities` namespace);
 * - `UNSUPPORTED_PLATFORM`: a Workflow Foundation workflow, but one written for another product's
 *   workflow host (a Dataverse / Dynamics 365 classic workflow), not a UiPath workflow. It is not
 *   analysed: UiPath's rules would judge another product's activities by UiPath's conventions.
 */
export const XAML_ERROR_CODES = Object.freeze([
  'XAML_PARSE_ERROR',
  'XAML_TOO_LARGE',
  'XAML_TOO_DEEP',
  'XAML_TOO_COMPLEX',
  'XAML_DTD_FORBIDDEN',
  'XAML_ENCODING_ERROR',
  'XAML_NOT_WORKFLOW',
  'UNSUPPORTED_PLATFORM',
] as const)

/** One of {@link XAML_ERROR_CODES}. */
export type XamlErrorCode = (typeof XAML_ERROR_CODES)[number]

/**
 * The limit a file crossed: its name in `XamlLimits` and its value, or for `XAML_TOO_COMPLEX` from
 * the analysis pool, `analysisThreadMemoryMb` (FLOWCERTA_ANALYSIS_THREAD_MEMORY_MB).
 */
export interface XamlErrorLimit {
  readonly name: XamlLimitName | 'analysisThreadMemoryMb'
  readonly value: number
}

/** A failure to read a workflow file. `line`/`column` are 1-based when known. */
export class XamlError extends Error {
  override readonly name = 'XamlError'
  /** Stable code (see {@link XAML_ERROR_CODES}). */
  readonly code: XamlErrorCode
  /** 1-based line of the problem, when known. */
  readonly line: number | undefined
  /** 1-based column of the problem, when known. */
  readonly column: number | undefined
  /** The file name given to parseXaml. */
  readonly fileName: string | undefined
  /** The limit crossed, for `XAML_TOO_LARGE` / `XAML_TOO_DEEP` refusals. */
  readonly limit: XamlErrorLimit | undefined

  constructor(
    code: XamlErrorCode,
    message: string,
    position?: {
      line?: number | undefined
      column?: number | undefined
      fileName?: string | undefined
      limit?: XamlErrorLimit | undefined
    },
  ) {
    super(message)
    this.code = code
    this.line = position?.line
    this.column = position?.column
    this.fileName = position?.fileName
    this.limit = position?.limit
  }
}

/** True when `value` is an {@link XamlError}. */
export function isXamlError(value: unknown): value is XamlError {
  return value instanceof XamlError
}
