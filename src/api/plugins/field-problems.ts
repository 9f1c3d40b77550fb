/**
 * Ajv errors in the API's terms: `{field: "body.email", reason: "is required"}`, where the field is
 * the part of the request (`body`, `query`, `params`, `headers`) and the path inside it. Used for
 * Fastify's own schema validation and for the multipart fields of POST /validations, which are
 * checked against the same schemas after streaming, so both paths word their problems alike.
 */
import { AppError, type ErrorProblem } from '../../domain/errors/app-error.js'

/** A problem that names its field (every schema problem does). */
export interface FieldProblem extends ErrorProblem {
  readonly field: string
  readonly reason: string
}

export interface AjvLikeError {
  instancePath?: string
  message?: string
  keyword?: string
  params?: Record<string, unknown>
}

export function fieldProblems(errors: readonly AjvLikeError[], part: string): FieldProblem[] {
  const prefix = part === 'querystring' ? 'query' : part
  return errors.map((item) => {
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

/** 400 VALIDATION_FAILED: every problem in `details`, the first one in the message. */
export function validationFailed(problems: FieldProblem[]): AppError {
  const first = problems[0]
  return new AppError('VALIDATION_FAILED', {
    ...(first === undefined ? {} : { message: `${first.field} ${first.reason}` }),
    details: problems,
  })
}
