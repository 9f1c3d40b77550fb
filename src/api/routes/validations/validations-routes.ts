/**
 * POST /api/v1/validations: a workflow file in, the stored scored result out (201). Takes
 * multipart/form-data (`file`, `label`, `policyPack`, `platform`) or JSON
 * (`{fileName, content | contentBase64, label?, policyPack?, platform?}`).
 */
import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError } from '../../../domain/errors/app-error.js'
import { type SubmitValidationDeps, submitValidation } from '../../../validations/submit-validation.js'
import { requireAuth } from '../../plugins/auth.js'
import { errorResponses } from '../../schemas/common-schemas.js'
import { resultSchema, toResultBody } from '../../schemas/result-schemas.js'

/** Largest workflow accepted (the analyzer's own limit is the same). */
export const MAX_WORKFLOW_BYTES = 10 * 1024 * 1024
/** JSON carries the file as text or base64 (4/3 larger) plus a little envelope. */
const JSON_BODY_LIMIT = Math.ceil((MAX_WORKFLOW_BYTES * 4) / 3) + 64 * 1024

const fileNameSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  pattern: '^[^\\u0000-\\u001f]+$',
} as const
const labelSchema = { type: 'string', minLength: 1, maxLength: 200 } as const
const packSchema = { type: 'string', minLength: 1, maxLength: 100 } as const
const platformSchema = { type: 'string', minLength: 1, maxLength: 50 } as const

const jsonBodySchema = {
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

interface JsonBody {
  fileName: string
  content?: string
  contentBase64?: string
  label?: string
  policyPack?: string
  platform?: string
}

interface Submission {
  fileName: string
  content: Buffer
  label: string | null
  policyPack: string | undefined
  platform: string | undefined
}

const FIELD_LIMITS: Record<string, number> = { label: 200, policyPack: 100, platform: 50 }

function fieldError(field: string, reason: string): AppError {
  return new AppError('VALIDATION_FAILED', { message: `${field} ${reason}`, details: [{ field, reason }] })
}

async function readMultipart(request: FastifyRequest): Promise<Submission> {
  try {
    return await readMultipartParts(request)
  } catch (error) {
    // The plugin's `files: 1` limit answers a second file with 413; it is a malformed request.
    if ((error as { code?: unknown }).code === 'FST_FILES_LIMIT') {
      throw fieldError('body.file', 'is not expected twice: send exactly one file in the "file" field')
    }
    throw error
  }
}

async function readMultipartParts(request: FastifyRequest): Promise<Submission> {
  let file: { fileName: string; content: Buffer } | null = null
  const fields: Record<string, string> = {}
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file !== null) {
        await part.toBuffer()
        throw fieldError(
          `body.${part.fieldname}`,
          'is not expected: send exactly one file in the "file" field',
        )
      }
      file = { fileName: part.filename, content: await part.toBuffer() }
    } else {
      const limit = FIELD_LIMITS[part.fieldname]
      if (limit === undefined) throw fieldError(`body.${part.fieldname}`, 'is not a known field')
      const value = String(part.value)
      if (value.length === 0 || value.length > limit) {
        throw fieldError(`body.${part.fieldname}`, `must be 1 to ${limit} characters`)
      }
      fields[part.fieldname] = value
    }
  }
  if (file === null) throw fieldError('body.file', 'is required')
  if (file.fileName === '' || file.fileName.length > 255)
    throw fieldError('body.file', 'needs a file name (1–255 characters)')
  return {
    fileName: file.fileName,
    content: file.content,
    label: fields.label ?? null,
    policyPack: fields.policyPack,
    platform: fields.platform,
  }
}

function readJson(body: JsonBody): Submission {
  if ((body.content === undefined) === (body.contentBase64 === undefined)) {
    throw fieldError('body.content', 'or body.contentBase64 is required (exactly one of them)')
  }
  const content =
    body.content !== undefined
      ? Buffer.from(body.content, 'utf8')
      : Buffer.from(body.contentBase64 ?? '', 'base64')
  if (content.length > MAX_WORKFLOW_BYTES) throw new AppError('XAML_TOO_LARGE')
  return {
    fileName: body.fileName,
    content,
    label: body.label ?? null,
    policyPack: body.policyPack,
    platform: body.platform,
  }
}

export async function validationsRoutes(app: FastifyInstance, deps: SubmitValidationDeps): Promise<void> {
  await app.register(multipart, {
    limits: {
      fileSize: MAX_WORKFLOW_BYTES,
      files: 1,
      fields: 10,
      fieldSize: 1024,
      parts: 12,
      headerPairs: 100,
    },
  })

  app.post<{ Body: JsonBody | undefined; Headers: { 'idempotency-key'?: string } }>(
    '/api/v1/validations',
    {
      config: { access: 'member' },
      bodyLimit: JSON_BODY_LIMIT,
      schema: {
        summary: 'Validate a workflow file against a policy pack and store the scored result.',
        description:
          'multipart/form-data with `file` (+ optional `label`, `policyPack`, `platform`), or JSON. ' +
          'An `Idempotency-Key` header replays the first result for 24 hours.',
        tags: ['validations'],
        headers: {
          type: 'object',
          properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 200 } },
        },
        body: {
          content: {
            'application/json': { schema: jsonBodySchema },
            'multipart/form-data': {
              // Documentation only: a multipart body is streamed, not parsed into request.body, so
              // this schema must accept "no body" (no `type`/`required`); readMultipart() checks
              // the parts (exactly one `file`, known fields, lengths) and names the bad field.
              schema: {
                description: 'Required: `file`. Optional: `label`, `policyPack`, `platform`.',
                properties: {
                  file: { type: 'string', format: 'binary' },
                  label: labelSchema,
                  policyPack: packSchema,
                  platform: platformSchema,
                },
              },
            },
          },
        },
        response: { 201: resultSchema, ...errorResponses(400, 401, 413, 415, 422, 429) },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request)
      const submission = request.isMultipart()
        ? await readMultipart(request)
        : readJson(request.body as JsonBody)
      const outcome = await submitValidation(deps, {
        orgId: auth.orgId,
        submittedByEmail: auth.email,
        idempotencyKey: request.headers['idempotency-key'],
        ...submission,
      })
      if (outcome.replayed) reply.header('idempotent-replayed', 'true')
      return reply.status(201).send(toResultBody(outcome.validation, deps.publicUrl))
    },
  )
}
