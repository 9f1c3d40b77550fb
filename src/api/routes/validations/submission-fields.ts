/**
 * What POST /api/v1/validations takes, and the one set of rules for it. The JSON body is checked
 * by Fastify against `jsonBodySchema`; the multipart form is streamed, so its fields are checked
 * afterwards by `checkMultipartFields` against the same field schemas with the same Ajv options.
 * A file name (or label, pack, platform) is therefore accepted or refused, with the same reason,
 * whichever way it was sent.
 */

import { fieldProblems, validationFailed } from '../../plugins/field-problems.js'
import { createBodyAjv, findNulCharacter } from '../../plugins/request-validation.js'

/** Largest workflow accepted (the analyzer's own limit is the same). */
export const MAX_WORKFLOW_BYTES = 10 * 1024 * 1024
/** JSON carries the file as text or base64 (4/3 larger) plus a little envelope. */
export const JSON_BODY_LIMIT = Math.ceil((MAX_WORKFLOW_BYTES * 4) / 3) + 64 * 1024

/**
 * 1–255 characters (code points, as Ajv counts) and no control character: C0 (tab, newline, ESC),
 * DEL or C1 (U+009B is a terminal CSI). File names reach logs, terminals, chat messages and the
 * dashboard, where such characters would start escapes or break lines.
 */
export const fileNameSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  pattern: '^[^\\u0000-\\u001f\\u007f-\\u009f]+$',
  description: '1–255 characters, no control characters (U+0000–U+001F, U+007F–U+009F).',
} as const
const labelSchema = { type: 'string', minLength: 1, maxLength: 200 } as const
const packSchema = { type: 'string', minLength: 1, maxLength: 100 } as const
const platformSchema = { type: 'string', minLength: 1, maxLength: 50 } as const

export const jsonBodySchema = {
  type: 'object',
  required: ['fileName'],
  additionalProperties: false,
  properties: {
    fileName: fileNameSchema,
    // No maxLength here: it counts characters, not bytes, and would turn "too large" into a 400.
    // The body limit bounds the text; readJson() checks the decoded size (413 XAML_TOO_LARGE).
    content: { type: 'string' },
    contentBase64: { type: 'string', maxLength: JSON_BODY_LIMIT, pattern: '^[A-Za-z0-9+/=\\s]*$' },
    label: labelSchema,
    policyPack: packSchema,
    platform: platformSchema,
  },
} as const

/**
 * The multipart form for the OpenAPI document. Fastify also compiles it, against `request.body`,
 * which is undefined for a streamed multipart body: so no `type` here (`required` applies to
 * objects only), and `checkMultipartFields` does the real check.
 */
export const multipartBodySchema = {
  description: 'Required: `file`. Optional: `label`, `policyPack`, `platform`.',
  required: ['file'],
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      description: `The workflow file, at most 10 MiB. Its file name: ${fileNameSchema.description}`,
    },
    label: labelSchema,
    policyPack: packSchema,
    platform: platformSchema,
  },
} as const

/** The form's text fields, with `file` holding the file part's name. */
const checkFields = createBodyAjv().compile({
  type: 'object',
  required: ['file'],
  additionalProperties: false,
  properties: { ...multipartBodySchema.properties, file: fileNameSchema },
})

/** Throws 400 VALIDATION_FAILED naming every bad field (`body.file` for the file name). */
export function checkMultipartFields(fields: Record<string, unknown>): void {
  if (!checkFields(fields)) throw validationFailed(fieldProblems(checkFields.errors ?? [], 'body'))
  // The same NUL rule as every JSON body (request-validation.ts): multipart is parsed later.
  const nul = findNulCharacter(fields, 'body')
  if (nul !== null)
    throw validationFailed([{ field: nul, reason: 'must not contain the NUL character (U+0000)' }])
}

export interface Submission {
  fileName: string
  content: Buffer
  label: string | null
  policyPack: string | undefined
  platform: string | undefined
}
