/**
 * The boundary of a `multipart/form-data` Content-Type, checked before the body is read. The
 * multipart parser (busboy) throws plain errors on a missing or empty boundary and on one over
 * 256 characters, which used to surface as 500s; here each is a 400 MULTIPART_INVALID that says
 * what is wrong with the header. The rule is RFC 2046's: 1–70 characters from a small set, not
 * ending in a space — every client in use makes boundaries of 20–60 such characters.
 */
import { AppError } from '../../../domain/errors/app-error.js'

export const MAX_BOUNDARY_LENGTH = 70
/** RFC 2046 §5.1.1 bchars; a space is allowed, but not as the last character. */
const BOUNDARY_PATTERN = /^[0-9A-Za-z'()+_,\-./:=? ]*[0-9A-Za-z'()+_,\-./:=?]$/
const FIELD = 'headers.content-type'

export function multipartInvalid(field: string, reason: string): AppError {
  return new AppError('MULTIPART_INVALID', { message: `${field} ${reason}`, details: [{ field, reason }] })
}

/** The boundary of `contentType` (quotes removed), or a MULTIPART_INVALID naming the header. */
export function multipartBoundary(contentType: string | undefined): string {
  // Parameters are `;`-separated `name=value`; a boundary never contains `;` or `"`, so a value
  // that does (a quoted string with them) fails the character check below, as it should.
  const values = (contentType ?? '')
    .split(';')
    .slice(1)
    .map((parameter) => parameter.trim())
    .filter((parameter) => /^boundary=/i.test(parameter))
    .map((parameter) => parameter.slice('boundary='.length))
  if (values.length === 0) {
    throw multipartInvalid(FIELD, 'has no boundary parameter: send multipart/form-data; boundary=<boundary>')
  }
  if (values.length > 1) throw multipartInvalid(FIELD, 'has more than one boundary parameter')
  const raw = values[0] as string
  const quoted = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')
  const boundary = quoted ? raw.slice(1, -1) : raw
  if (boundary === '') throw multipartInvalid(FIELD, 'has an empty boundary')
  if (boundary.length > MAX_BOUNDARY_LENGTH) {
    throw multipartInvalid(
      FIELD,
      `has a boundary of ${boundary.length} characters; at most ${MAX_BOUNDARY_LENGTH} are allowed (RFC 2046)`,
    )
  }
  // A space needs the quoted form (a token has none); parsers disagree on an unquoted one.
  if (!BOUNDARY_PATTERN.test(boundary) || (!quoted && boundary.includes(' '))) {
    throw multipartInvalid(
      FIELD,
      "has a boundary with characters it may not contain (RFC 2046: letters, digits, '()+_,-./:=? and spaces inside quotes)",
    )
  }
  return boundary
}
