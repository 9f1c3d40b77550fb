/**
 * Reads a multipart/form-data submission: exactly one `file` part plus optional text fields,
 * within `MULTIPART_LIMITS`. Every way the form can be wrong is a 4xx naming the field:
 * the Content-Type's boundary (multipartBoundary), a body the parser cannot follow
 * (MULTIPART_INVALID), a limit (413 with the limit), a field the rules refuse (VALIDATION_FAILED,
 * by the same schemas as the JSON body). Anything else is a real failure and stays a 500.
 */
import type { FastifyRequest } from 'fastify'
import { AppError } from '../../../domain/errors/app-error.js'
import { fieldError } from '../../../domain/errors/field-error.js'
import { tooLargeError } from '../../../domain/errors/too-large-error.js'
import { multipartBoundary, multipartInvalid } from './multipart-boundary.js'
import { checkMultipartFields, MAX_WORKFLOW_BYTES, type Submission } from './submission-fields.js'

/** The parser's limits (@fastify/multipart / busboy), also quoted in the errors they cause. */
export const MULTIPART_LIMITS = Object.freeze({
  fileSize: MAX_WORKFLOW_BYTES,
  files: 1,
  fields: 10,
  fieldSize: 1024,
  parts: 12,
  headerPairs: 100,
})

export async function readMultipartSubmission(request: FastifyRequest): Promise<Submission> {
  const boundary = multipartBoundary(request.headers['content-type'])
  const progress = { partsSeen: 0 }
  try {
    return await readParts(request, progress)
  } catch (error) {
    throw describeParserError(error, boundary, progress.partsSeen)
  }
}

async function readParts(request: FastifyRequest, progress: { partsSeen: number }): Promise<Submission> {
  let file: { fileName: string; content: Buffer } | undefined
  // No prototype: a part's name is client text (the plugin also refuses __proto__ and the like).
  const fields: Record<string, unknown> = Object.create(null)
  for await (const part of request.parts()) {
    progress.partsSeen += 1
    const field = `body.${part.fieldname}`
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file !== undefined) {
        await part.toBuffer()
        throw fieldError(field, 'is not expected: send exactly one file in the "file" field')
      }
      file = { fileName: part.filename, content: await part.toBuffer() }
      continue
    }
    if (part.fieldname === 'file') throw fieldError(field, 'must be a file part (with a filename)')
    // The second value used to replace the first without a word.
    if (part.fieldname in fields) throw fieldError(field, 'is given more than once')
    if (part.valueTruncated) {
      throw fieldError(field, `is longer than the ${MULTIPART_LIMITS.fieldSize} bytes a form field may have`)
    }
    fields[part.fieldname] = part.value
  }
  checkMultipartFields({ ...fields, ...(file === undefined ? {} : { file: file.fileName }) })
  // The schema requires `file`; this narrows the type and guards a schema edit.
  if (file === undefined) throw fieldError('body.file', 'is required')
  // Checked by the schema: the text fields present are strings.
  const text = fields as { label?: string; policyPack?: string; platform?: string }
  return {
    fileName: file.fileName,
    content: file.content,
    label: text.label ?? null,
    policyPack: text.policyPack,
    platform: text.platform,
  }
}

/** The plugin's own errors, by code, as the API's. */
const PLUGIN_ERRORS: Record<string, () => AppError> = {
  // `files: 1` answers a second file with 413; it is a malformed request, not a large one.
  FST_FILES_LIMIT: () =>
    fieldError('body.file', 'is not expected twice: send exactly one file in the "file" field'),
  FST_REQ_FILE_TOO_LARGE: () => tooLargeError('XAML_TOO_LARGE', 'body.file', MULTIPART_LIMITS.fileSize),
  FST_PARTS_LIMIT: () => tooManyParts('parts', 'limitParts', MULTIPART_LIMITS.parts),
  FST_FIELDS_LIMIT: () => tooManyParts('text fields', 'limitFields', MULTIPART_LIMITS.fields),
  FST_PROTO_VIOLATION: () =>
    fieldError('body', 'has a part named after an Object.prototype property (such as __proto__)'),
  FST_INVALID_JSON_FIELD_ERROR: () =>
    multipartInvalid('body', 'has a part declared Content-Type: application/json that is not valid JSON'),
  FST_MP_PREMATURE_CLOSE: () => multipartInvalid('body', 'was closed before the multipart data was complete'),
}

function tooManyParts(what: string, key: string, limit: number): AppError {
  const reason = `has more than ${limit} ${what}`
  return new AppError('PAYLOAD_TOO_LARGE', {
    message: `body ${reason}`,
    details: [{ field: 'body', reason, [key]: limit }],
  })
}

/**
 * busboy reports a body it cannot follow with plain Errors ("Unexpected end of multipart data",
 * "Part terminated early due to unexpected end of multipart data"): the body never used the
 * boundary, or stopped before the closing one. Whether a part was seen tells which to say.
 */
const UNEXPECTED_END = /unexpected end of multipart data/i

function describeParserError(error: unknown, boundary: string, partsSeen: number): unknown {
  if (error instanceof AppError) return error
  const code = (error as { code?: unknown }).code
  const known = typeof code === 'string' ? PLUGIN_ERRORS[code] : undefined
  if (known !== undefined) return known()
  if (error instanceof Error && UNEXPECTED_END.test(error.message)) {
    return partsSeen === 0
      ? multipartInvalid(
          'body',
          `has no complete part delimited by "--${boundary}", the boundary of the Content-Type header: ` +
            'it is not multipart/form-data, was built with another boundary, or ends early',
        )
      : multipartInvalid(
          'body',
          `ends before the closing boundary "--${boundary}--": the last part is not terminated`,
        )
  }
  return error
}
