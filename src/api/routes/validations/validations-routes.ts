/**
 * POST /api/v1/validations: a workflow file or a project archive (`.zip`, `.nupkg`: told apart
 * by its bytes, read by src/input/) in, the stored scored result out (201). Takes
 * multipart/form-data (`file`, `label`, `policyPack`, `platform`) or JSON
 * (`{fileName, content | contentBase64, label?, policyPack?, platform?}`).
 */
import multipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'
import { tooLargeError } from '../../../domain/errors/too-large-error.js'
import {
  analysisBusy,
  type SubmitValidationDeps,
  submitValidation,
} from '../../../validations/submit-validation.js'
import { requireAuth } from '../../plugins/auth.js'
import { validationFailed } from '../../plugins/field-problems.js'
import { errorResponses } from '../../schemas/common-schemas.js'
import { resultSchema, toResultBody } from '../../schemas/result-schemas.js'
import { MULTIPART_LIMITS, readMultipartSubmission } from './read-multipart-submission.js'
import {
  JSON_BODY_LIMIT,
  jsonBodySchema,
  MAX_WORKFLOW_BYTES,
  multipartBodySchema,
  type Submission,
} from './submission-fields.js'

interface JsonBody {
  fileName: string
  content?: string
  contentBase64?: string
  label?: string
  policyPack?: string
  platform?: string
}

/** `body` is what Fastify parsed and checked against jsonBodySchema, or undefined: no body at all. */
function readJson(body: JsonBody | undefined): Submission {
  if (body === undefined) {
    throw validationFailed([
      {
        field: 'body',
        reason:
          'is required: multipart/form-data with a "file" part, or JSON {"fileName", "content" | "contentBase64"}',
      },
    ])
  }
  if ((body.content === undefined) === (body.contentBase64 === undefined)) {
    throw validationFailed([
      { field: 'body.content', reason: 'or body.contentBase64 is required (exactly one of them)' },
    ])
  }
  const content =
    body.content !== undefined
      ? Buffer.from(body.content, 'utf8')
      : Buffer.from(body.contentBase64 ?? '', 'base64')
  if (content.length > MAX_WORKFLOW_BYTES) {
    throw body.content !== undefined
      ? tooLargeError('XAML_TOO_LARGE', 'body.content', MAX_WORKFLOW_BYTES, ' in UTF-8')
      : tooLargeError('XAML_TOO_LARGE', 'body.contentBase64', MAX_WORKFLOW_BYTES, ' once decoded')
  }
  return {
    fileName: body.fileName,
    content,
    label: body.label ?? null,
    policyPack: body.policyPack,
    platform: body.platform,
  }
}

export async function validationsRoutes(app: FastifyInstance, deps: SubmitValidationDeps): Promise<void> {
  await app.register(multipart, { limits: { ...MULTIPART_LIMITS } })

  app.post<{ Body: JsonBody | undefined; Headers: { 'idempotency-key'?: string } }>(
    '/api/v1/validations',
    {
      config: { access: 'member' },
      bodyLimit: JSON_BODY_LIMIT,
      schema: {
        summary:
          'Validate a workflow file or a whole project against a policy pack and store the scored result.',
        description:
          'multipart/form-data with `file` (+ optional `label`, `policyPack`, `platform`), or JSON. ' +
          '`file` is one `.xaml`, or a project archive: a `.zip` of the project folder (with or without one top ' +
          'folder) or a UiPath `.nupkg` holding its sources, told apart by content. A project is one result: ' +
          "`fileName` is the archive's name, every `location` is `<path in project>:<line>`, and `project` lists " +
          'the files with their scores, the invocation graph and what was skipped. Hostile archives (traversal, ' +
          'links, encryption, bombs, too many entries) are refused with `ARCHIVE_*` codes and store nothing. ' +
          'An `Idempotency-Key` header replays the first result for 24 hours.',
        tags: ['validations'],
        headers: {
          type: 'object',
          properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 200 } },
        },
        body: {
          content: {
            'application/json': { schema: jsonBodySchema },
            'multipart/form-data': { schema: multipartBodySchema },
          },
        },
        response: { 201: resultSchema, ...errorResponses(400, 401, 413, 415, 422, 429, 503) },
      },
      // After authentication (the app's onRequest hook) and before the body is read: when the
      // analysis queue is full, refusing now costs no parsing, and no work is accepted that the
      // threads could not start for seconds (analysis-pool.ts).
      onRequest: async () => {
        const retryAfter = deps.analysisPool.busyRetryAfterSeconds()
        if (retryAfter !== null) throw analysisBusy(retryAfter)
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request)
      const submission = request.isMultipart()
        ? await readMultipartSubmission(request)
        : readJson(request.body)
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
