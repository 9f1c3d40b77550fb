/**
 * What a single uploaded file is, from its first bytes: XML (its root element's name, namespace
 * and attributes) or JSON (parsed), or neither. Used only to tell platforms apart
 * (detect-platform.ts); the platform's reader then reads the file with its own limits and errors.
 *
 * Bounded: XML is read only up to the root's start tag, and at most {@link MAX_SNIFF_BYTES} of it
 * (a root tag longer than that is "unknown"); a DOCTYPE stops the sniff (the readers refuse it);
 * JSON is parsed only when the file is at most {@link MAX_JSON_SNIFF_BYTES} (the API's upload limit
 * is 10 MiB) and a parse failure of any kind (syntax, nesting too deep for the stack) is "unknown".
 *
 * @module
 */
import { SaxesParser } from 'saxes'

/** The XML root's start tag as the sniff saw it. */
export interface XmlRoot {
  readonly local: string
  /** Namespace URI ('' for none). */
  readonly uri: string
  /** Attributes by qualified name (`bpversion`, `xmlns:bpr`). */
  readonly attributes: Readonly<Record<string, string>>
}

export type FileHead =
  | { readonly kind: 'xml'; readonly root: XmlRoot }
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'unknown' }

export const MAX_SNIFF_BYTES = 64 * 1024
export const MAX_JSON_SNIFF_BYTES = 16 * 1024 * 1024

/** The text of `bytes` (BOM: UTF-8, UTF-16 LE/BE), at most `maxBytes` of it. */
export function decodeHead(bytes: Uint8Array, maxBytes: number): string {
  const head = bytes.subarray(0, maxBytes)
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le').decode(head.subarray(2))
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder('utf-16be').decode(head.subarray(2))
  const start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0
  return new TextDecoder('utf-8').decode(head.subarray(start))
}

class StopSniff extends Error {}

/** The root element of an XML text, or undefined (not XML, a DTD first, or the tag is cut off). */
export function sniffXmlRoot(text: string): XmlRoot | undefined {
  const parser = new SaxesParser({ xmlns: true, position: false })
  let root: XmlRoot | undefined
  parser.on('doctype', () => {
    throw new StopSniff()
  })
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {}
    for (const [name, attribute] of Object.entries(tag.attributes)) {
      attributes[name] = typeof attribute === 'string' ? attribute : attribute.value
    }
    root = { local: tag.local ?? tag.name, uri: tag.uri ?? '', attributes }
    throw new StopSniff()
  })
  try {
    parser.write(text)
  } catch {
    // StopSniff at the root (or DOCTYPE), or not well-formed before it: either way we are done.
  }
  return root
}

/** What `bytes` holds: XML (root), JSON (value) or neither. */
export function sniffFileHead(bytes: Uint8Array): FileHead {
  const text = decodeHead(bytes, MAX_SNIFF_BYTES)
  const first = /\S/.exec(text)?.[0]
  if (first === '<') {
    const root = sniffXmlRoot(text)
    return root === undefined ? { kind: 'unknown' } : { kind: 'xml', root }
  }
  if ((first === '{' || first === '[') && bytes.length <= MAX_JSON_SNIFF_BYTES) {
    try {
      return { kind: 'json', value: JSON.parse(decodeHead(bytes, MAX_JSON_SNIFF_BYTES)) }
    } catch {
      return { kind: 'unknown' }
    }
  }
  return { kind: 'unknown' }
}
