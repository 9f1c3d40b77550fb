/**
 * Turns every failure into the one error body: `{"error": {"code", "message", "details"}}`.
 * 4xx answers say what was wrong (and which field); a 5xx says only that it failed, and the detail
 * goes to the log with the request id.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, type ErrorDetails } from '../../domain/errors/app-error.js'
import { ERROR_CATALOGUE, type ErrorCode } from '../../domain/errors/error-catalogue.js'

interface AjvLikeError {
  instancePath?: string
  message?: string
  keyword?: string
  params?: Record<string, unknown>
}

/** `body.email`, `query.limit`: where the problem is, in terms a client can act on. */
function fieldProblems(error: FastifyError): ErrorDetails {
  const part = error.validationContext ?? 'body'
  const prefix = part === 'querystring' ? 'query' : part
  return ((error.validation ?? []) as AjvLikeError[]).map((item) => {
    const pathParts = (item.instancePath ?? '')
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    const params = item.params ?? {}
    let reason = item.message ?? 'is invalid'
    if (typeof params.missingProperty === 'string') {
      pathParts.push(params.missingProperty)
      reason = 'is required'
    } else if (typeof params.additionalProperty === 'string') {
      pathParts.push(params.additionalProperty)
      reason = 'is not a known field'
    }
    return { field: [prefix, ...pathParts].join('.'), reason }
  })
}

const FASTIFY_CODE_TO_ERROR: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
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
      { field: 'params', reason: `is longer than ${MAX_PARAM_LENGTH} characters`, limit: MAX_PARAM_LENGTH },
    ])
    return
  }
  sendError(reply, 'BAD_REQUEST', 'The path is not a valid URL (bad percent-encoding).', [
    { field: 'path', reason: 'is not a valid URL component' },
  ])
}

/** The router's limit on one path parameter (Fastify's default); longer ones answer 400. */
export const MAX_PARAM_LENGTH = 100

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) return sendError(reply, error.code, error.message, error.details)
    if (error.validation !== undefined) {
      const details = fieldProblems(error)
      const first = details[0]
      const message = first === undefined ? undefined : `${first.field} ${first.reason}`
      return sendError(reply, 'VALIDATION_FAILED', message, details)
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
