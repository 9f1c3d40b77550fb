/**
 * The one way to say "too large": a 413 whose message and details carry the limit, so a client
 * knows how far over it is without reading the docs. Used for the request body limit and for
 * workflow files over the analyzer's size limit (multipart file, JSON text, decoded base64).
 */
import { AppError } from './app-error.js'

const KiB = 1024
const MiB = 1024 * KiB

/** "65536 bytes (64 KiB)": the exact figure to compare against, then a readable one. */
export function describeBytes(bytes: number): string {
  if (bytes < KiB) return `${bytes} bytes`
  const [unit, size] = bytes < MiB ? ['KiB', bytes / KiB] : ['MiB', bytes / MiB]
  // One decimal at most, and none when the limit is a whole number of units (10 MiB, 64 KiB).
  const readable = Number.isInteger(size) ? String(size) : size.toFixed(1)
  return `${bytes} bytes (${readable} ${unit})`
}

/**
 * `field` is where the size was counted (`body`, `body.file`, …); `counted` says how, when it is
 * not the raw bytes (" once decoded" for base64).
 */
export function tooLargeError(
  code: 'PAYLOAD_TOO_LARGE' | 'XAML_TOO_LARGE',
  field: string,
  limitBytes: number,
  counted = '',
): AppError {
  const reason = `is larger than ${describeBytes(limitBytes)}${counted}`
  return new AppError(code, { message: `${field} ${reason}`, details: [{ field, reason, limitBytes }] })
}
