/**
 * The one error type the Blue Prism reader throws (an {@link InputFileError}, so the analysis pool,
 * the API and the CLI carry it like any platform reader's): a stable code, and the position and
 * limit when known.
 *
 * - `BLUE_PRISM_PARSE_ERROR`: not well-formed XML, or not valid UTF-8/UTF-16;
 * - `BLUE_PRISM_TOO_LARGE`: more bytes, elements, attributes or text than allowed (`limit`);
 * - `BLUE_PRISM_TOO_DEEP`: elements nested deeper than `maxDepth`;
 * - `BLUE_PRISM_DTD_FORBIDDEN`: a `<!DOCTYPE>` (and with it any entity declaration);
 * - `BLUE_PRISM_NOT_EXPORT`: well-formed XML whose root is no release, process or object.
 *
 * @module
 */
import { InputFileError } from '../platform-analyzer.js'

export const BLUE_PRISM_ERROR_CODES = Object.freeze([
  'BLUE_PRISM_PARSE_ERROR',
  'BLUE_PRISM_TOO_LARGE',
  'BLUE_PRISM_TOO_DEEP',
  'BLUE_PRISM_DTD_FORBIDDEN',
  'BLUE_PRISM_NOT_EXPORT',
] as const)

export type BluePrismErrorCode = (typeof BLUE_PRISM_ERROR_CODES)[number]

export class BluePrismError extends InputFileError {
  override readonly name = 'BluePrismError'
  declare readonly code: BluePrismErrorCode
  constructor(code: BluePrismErrorCode, message: string, position: InputFileError['position'] = {}) {
    super(code, message, position)
  }
}
