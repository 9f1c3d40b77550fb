/**
 * The process logger: pino JSON lines. Anything that could carry a credential is redacted by path
 * here, in one place; code must still never pass keys or secrets to the logger on purpose. Requests
 * are logged by route and path, never with their query string (requestLogFields).
 */
import { type DestinationStream, type Logger, pino } from 'pino'
import type { LogLevel } from '../config/config.js'
import { type LoggedRequest, requestLogFields } from './request-log-fields.js'

export type { Logger }

/** Paths censored in every log line, wherever they appear. */
export const REDACTED_PATHS = Object.freeze([
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'apiKey',
  '*.apiKey',
  'secret',
  '*.secret',
  'secretKey',
  '*.secretKey',
  'keyHash',
  '*.keyHash',
  'password',
  '*.password',
])

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'flowcerta' },
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    // Fastify keeps a logger's own `req` serializer over its default (which logs the full URL).
    serializers: { req: (request: LoggedRequest) => requestLogFields(request) },
    timestamp: pino.stdTimeFunctions.isoTime,
  }
  return destination === undefined ? pino(options) : pino(options, destination)
}
