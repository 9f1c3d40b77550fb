/**
 * Turns every failure into the one error body: `{"error": {"code", "message", "details"}}`.
 * 4xx answers say what was wrong (and which field); a 5xx says only that it failed, and the detail
 * goes to the log with the request id.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, type ErrorDetails } from '../../domain/errors/app-error.js'
import { ERROR_CATALOGUE, type ErrorCode } from '../../domain/errors/error-catalogue.js'
import { tooLargeError } from '../../domain/errors/too-large-error.js'
import { type AjvLikeError, fieldProblems, validationFailed } from './field-problems.js'

const FASTIFY_CODE_TO_ERROR: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
}

/** The media types a route takes: the keys of its per-type body schema, else JSON (the default). */
function acceptedMediaTypes(request: FastifyRequest): string[] {
  const body = request.routeOptions.schema?.body as { content?: Record<string, unknown> } | undefined
  return body?.content === undefined ? ['application/json'] : Object.keys(body.content)
}

/** 415 naming the header, what was sent (the media type only, bounded) and what would do. */
function unsupportedMediaType(request: FastifyRequest): AppError {
  const accepted = acceptedMediaTypes(request)
  const sent = request.headers['content-type']?.split(';')[0]?.trim().slice(0, 100)
  const reason = sent ? `is "${sent}", which is not accepted here` : 'is missing, and a body needs one'
  return new AppError('UNSUPPORTED_MEDIA_TYPE', {
    message: `headers.content-type ${reason}; send ${accepted.join(' or ')}`,
    details: [{ field: 'headers.content-type', reason, accepted }],
  })
}

/** Fastify's own errors that need the request to be described (the route's limit and types). */
function fastifyError(error: FastifyError, request: FastifyRequest): AppError | undefined {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return tooLargeError('PAYLOAD_TOO_LARGE', 'body', request.routeOptions.bodyLimit)
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return unsupportedMediaType(request)
  return undefined
}

/** Sends the one error body; `details` is always there, an empty list when there is nothing to add. */
export function sendError(
  reply: FastifyReply,
  code: ErrorCode,
  message?: string,
  details: ErrorDetails = [],
): FastifyReply {
  const entry = ERROR_CATALOGUE[code]
  const error = { code, message: message ?? entry.message, details }
  return reply.status(entry.status).type('application/json; charset=utf-8').send({ error })
}

/**
 * Errors the router answers before any route runs (Fastify's `frameworkErrors`): a path with bad
 * percent-encoding, or a path parameter longer than the router matches. Without this Fastify
 * writes its own body (and a 414 no client can look up); with it they get the one error body.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    sendError(reply, 'VALIDATION_FAILED', `a path parameter is longer than ${MAX_PARAM_LENGTH} characters`, [
      {
        field: 'params',
        reason: `is longer than ${MAX_PARAM_LENGTH} characters`,
        limitCharacters: MAX_PARAM_LENGTH,
      },
    ])
    return
  }
  sendError(reply, 'BAD_REQUEST', 'The path is not a valid URL (bad percent-encoding).', [
    { field: 'path', reason: 'is not a valid URL component' },
  ])
}

/** The router's limit on one path parameter (Fastify's default); longer ones answer 400. */
export const MAX_PARAM_LENGTH = 100

/** An error whose detail says when to retry (`retryAfterSeconds`, e.g. ANALYSIS_BUSY) carries it as Retry-After too. */
function sendAppError(reply: FastifyReply, error: AppError): FastifyReply {
  const retryAfter = error.details.find(
    (detail) => typeof detail.retryAfterSeconds === 'number',
  )?.retryAfterSeconds
  if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter))
  return sendError(reply, error.code, error.message, error.details)
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const described = error instanceof AppError ? error : fastifyError(error, request)
    if (described !== undefined) return sendAppError(reply, described)
    if (error.validation !== undefined) {
      const problems = fieldProblems(error.validation as AjvLikeError[], error.validationContext ?? 'body')
      return sendAppError(reply, validationFailed(problems))
    }
    const mapped = error.code === undefined ? undefined : FASTIFY_CODE_TO_ERROR[error.code]
    if (mapped !== undefined) return sendError(reply, mapped)
    const status = error.statusCode ?? 500
    if (status >= 400 && status < 500) {
      if (status === 413) return sendError(reply, 'PAYLOAD_TOO_LARGE')
      if (status === 415) return sendError(reply, 'UNSUPPORTED_MEDIA_TYPE')
      return sendError(reply, 'BAD_REQUEST', error.message)
    }
    request.log.error({ err: error }, 'request failed')
    return sendError(reply, 'INTERNAL_ERROR')
  })

  app.setNotFoundHandler((_request, reply) => sendError(reply, 'ROUTE_NOT_FOUND'))
}
