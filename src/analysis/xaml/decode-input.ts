/**
 * Turns the raw input of {@link parseXaml} into a string: size limit first (before any decoding),
 * UTF-8 with or without BOM, UTF-16 LE/BE with BOM (or recognisable by `<` as first code unit).
 * Invalid bytes throw `XAML_ENCODING_ERROR` with the position of the first bad byte.
 *
 * @module
 */
import { XamlError } from './xaml-error.js'

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const utf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true })

function tooLarge(size: number, max: number, fileName: string): XamlError {
  return new XamlError('XAML_TOO_LARGE', `input is ${size} bytes; the limit is ${max} bytes`, {
    fileName,
    limit: { name: 'maxBytes', value: max },
  })
}

/** Position (1-based line/column) of byte offset `at` in UTF-8 bytes, counting columns in bytes. */
function bytePosition(bytes: Uint8Array, at: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < at; i++) {
    if (bytes[i] === 0x0a) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: at - lineStart + 1 }
}

/** Offset of the first invalid UTF-8 sequence (binary search on prefixes; error path only). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let lo = 0
  let hi = bytes.length
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1
    try {
      // stream: true accepts a sequence cut at the end of the prefix; a fresh decoder per probe.
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, mid), {
        stream: true,
      })
      lo = mid
    } catch {
      hi = mid - 1
    }
  }
  return lo
}

function decodeUtf16(bytes: Uint8Array, bigEndian: boolean, fileName: string): string {
  if (bytes.length % 2 !== 0) {
    throw new XamlError('XAML_ENCODING_ERROR', 'UTF-16 input has an odd number of bytes', { fileName })
  }
  let data = bytes
  if (bigEndian) {
    data = new Uint8Array(bytes.length)
    for (let i = 0; i < bytes.length; i += 2) {
      data[i] = bytes[i + 1] as number
      data[i + 1] = bytes[i] as number
    }
  }
  try {
    return utf16le.decode(data)
  } catch {
    throw new XamlError('XAML_ENCODING_ERROR', 'invalid UTF-16 (unpaired surrogate)', { fileName })
  }
}

/**
 * Decodes `input` to a string without BOM, enforcing `maxBytes` before doing any work proportional to
 * the content.
 */
export function decodeInput(input: Uint8Array | string, fileName: string, maxBytes: number): string {
  if (typeof input === 'string') {
    // A UTF-16 code unit is at most 3 UTF-8 bytes: only measure when the cheap bound is inconclusive.
    if (input.length > maxBytes) throw tooLarge(input.length, maxBytes, fileName)
    if (input.length * 3 > maxBytes) {
      const size = Buffer.byteLength(input, 'utf8')
      if (size > maxBytes) throw tooLarge(size, maxBytes, fileName)
    }
    return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  }
  if (!(input instanceof Uint8Array)) {
    throw new XamlError('XAML_ENCODING_ERROR', 'input must be a string or a Uint8Array', { fileName })
  }
  if (input.length > maxBytes) throw tooLarge(input.length, maxBytes, fileName)
  const b0 = input[0]
  const b1 = input[1]
  if (b0 === 0xff && b1 === 0xfe) return decodeUtf16(input.subarray(2), false, fileName)
  if (b0 === 0xfe && b1 === 0xff) return decodeUtf16(input.subarray(2), true, fileName)
  // UTF-16 without BOM, recognised by '<' (0x3C) next to a zero byte.
  if (b0 === 0x3c && b1 === 0x00 && input.length >= 4) return decodeUtf16(input, false, fileName)
  if (b0 === 0x00 && b1 === 0x3c && input.length >= 4) return decodeUtf16(input, true, fileName)
  const start = b0 === 0xef && b1 === 0xbb && input[2] === 0xbf ? 3 : 0
  const body = start === 0 ? input : input.subarray(start)
  try {
    return utf8.decode(body)
  } catch {
    const at = firstInvalidUtf8(body)
    const pos = bytePosition(body, at)
    throw new XamlError(
      'XAML_ENCODING_ERROR',
      `invalid UTF-8 at line ${pos.line}, byte column ${pos.column}`,
      {
        ...pos,
        fileName,
      },
    )
  }
}
