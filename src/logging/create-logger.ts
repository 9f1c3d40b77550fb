/**
 * The process logger: pino JSON lines. Anything that could carry a credential is redacted by path
 * here, in one place; code must still never pass keys or secrets to the logger on purpose.
 */
import { type DestinationStream, type Logger, pino } from 'pino'
import type { LogLevel } from '../config/config.js'

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
    timestamp: pino.stdTimeFunctions.isoTime,
  }
  return destination === undefined ? pino(options) : pino(options, destination)
}
