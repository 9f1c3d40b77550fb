/**
 * The one error type the Power Automate reader throws. Every failure of reading a flow, for any
 * input, is a `FlowError` with a stable `code` from {@link FLOW_ERROR_CODES} and, when known, a
 * 1-based position and the limit that was crossed.
 *
 * @module
 */
import type { FlowLimitName } from './flow-limits.js'

/**
 * Stable error codes:
 * - `FLOW_JSON_INVALID`: not well-formed JSON (also empty input, truncated files, trailing text);
 * - `FLOW_JSON_DUPLICATE_KEY`: an object names the same key twice. Refused, not resolved: JSON
 *   readers disagree on which one wins (Logic Apps keeps the last, some keep the first), so a
 *   duplicate can show a reviewer one action and run another;
 * - `FLOW_ENCODING_ERROR`: invalid UTF-8 (or UTF-16) bytes;
 * - `FLOW_TOO_LARGE`: more bytes, values, members or a longer string than allowed (`limit` says
 *   which, see flow-limits.ts);
 * - `FLOW_TOO_DEEP`: objects and arrays nested deeper than allowed;
 * - `FLOW_NOT_A_FLOW`: well-formed JSON that is not a cloud flow (no workflow definition with
 *   `triggers` or `actions` where a flow keeps it).
 */
export const FLOW_ERROR_CODES = Object.freeze([
  'FLOW_JSON_INVALID',
  'FLOW_JSON_DUPLICATE_KEY',
  'FLOW_ENCODING_ERROR',
  'FLOW_TOO_LARGE',
  'FLOW_TOO_DEEP',
  'FLOW_NOT_A_FLOW',
] as const)

export type FlowErrorCode = (typeof FLOW_ERROR_CODES)[number]

/** A failure to read a flow. `line`/`column` are 1-based when known. */
export class FlowError extends Error {
  override readonly name = 'FlowError'
  readonly code: FlowErrorCode
  readonly line: number | undefined
  readonly column: number | undefined
  /** The file's name or path in its archive. */
  readonly fileName: string | undefined
  readonly limit: { readonly name: FlowLimitName; readonly value: number } | undefined

  constructor(
    code: FlowErrorCode,
    message: string,
    where?: {
      line?: number | undefined
      column?: number | undefined
      fileName?: string | undefined
      limit?: { readonly name: FlowLimitName; readonly value: number } | undefined
    },
  ) {
    super(message)
    this.code = code
    this.line = where?.line
    this.column = where?.column
    this.fileName = where?.fileName
    this.limit = where?.limit
  }
}

export function isFlowError(value: unknown): value is FlowError {
  return value instanceof FlowError
}
