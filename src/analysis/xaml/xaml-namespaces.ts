/**
 * XML namespaces for the XAML reader, resolved by the reader itself instead of saxes' `xmlns` mode.
 * saxes' own resolution cost ~15 % of a read (a `Set` and an object per tag, every prefix looked up
 * through the whole stack of open tags); XAML declares its namespaces on the root, so a reader that
 * keeps one map of the bindings in force, undone when a declaring element closes, does the same
 * work for a handful of lookups per tag.
 *
 * It is exactly as strict as saxes' `xmlns` mode (Namespaces in XML 1.0), with saxes' messages:
 * malformed qualified names, `xmlns`/`xml` bound to anything else or other prefixes bound to their
 * URIs, undeclaring a prefix in XML 1.0, elements in the `xmlns` prefix, unbound element and
 * attribute prefixes, and two attributes with the same expanded name are all errors.
 *
 * @module
 */

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace'
export const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/'

/** Thrown by the checks below; the reader turns it into an XamlError at the parser's position. */
export type FailNamespace = (message: string) => never

/** A qualified name split at its colon (`prefix` '' when there is none). */
export interface QName {
  readonly prefix: string
  readonly local: string
}

/**
 * The namespace bindings in force while streaming: declarations of the tag being read are collected
 * as its attributes go past (and checked there, where saxes checks them), put in force when the tag
 * is complete, and undone when it closes.
 */
export class NamespaceScopes {
  private readonly bindings = new Map<string, string>([
    ['xml', XML_NAMESPACE],
    ['xmlns', XMLNS_NAMESPACE],
  ])
  /** Declarations of the tag being read: prefix ('' for the default namespace), URI. */
  private pendingPrefixes: string[] = []
  private pendingUris: string[] = []
  /** Per open element: what its declarations replaced (prefix, previous URI), or undefined. */
  private readonly undo: ({ prefixes: string[]; previous: (string | undefined)[] } | undefined)[] = []

  constructor(private readonly fail: FailNamespace) {}

  /** The URI bound to `prefix` ('' for the default namespace), or undefined. */
  resolve(prefix: string): string | undefined {
    return this.bindings.get(prefix)
  }

  /** `name` split at its colon; a malformed name (`:a`, `a:`, `a:b:c`) fails. */
  qname(name: string): QName {
    const colon = name.indexOf(':')
    if (colon === -1) return { prefix: '', local: name }
    const prefix = name.slice(0, colon)
    const local = name.slice(colon + 1)
    if (prefix === '' || local === '' || local.includes(':')) this.fail(`malformed name: ${name}.`)
    return { prefix, local }
  }

  /**
   * At each attribute event, as saxes' `xmlns` mode does there: a namespace declaration is checked
   * and kept for {@link openElement} (the caller has checked the name with {@link qname}).
   */
  attribute(name: string, value: string, xmlVersion: string): void {
    if (name.charCodeAt(0) !== 120 /* x */ || !name.startsWith('xmlns')) return
    let prefix: string
    if (name.length === 5) prefix = ''
    else {
      const { prefix: attributePrefix, local } = this.qname(name)
      if (attributePrefix !== 'xmlns') return // `xmlnsFoo` or `xmlnsa:b`: an ordinary attribute
      if (xmlVersion === '1.0' && value.trim() === '')
        this.fail('invalid attempt to undefine prefix in XML 1.0')
      prefix = local
    }
    const uri = value.trim()
    checkBinding(this.fail, prefix, uri)
    this.pendingPrefixes.push(prefix)
    this.pendingUris.push(uri)
  }

  /** The tag is complete: its declarations come into force (for the tag itself too). */
  openElement(): void {
    const prefixes = this.pendingPrefixes
    if (prefixes.length === 0) {
      this.undo.push(undefined)
      return
    }
    const previous: (string | undefined)[] = []
    for (let i = 0; i < prefixes.length; i++) {
      const prefix = prefixes[i] as string
      previous.push(this.bindings.get(prefix))
      this.bindings.set(prefix, this.pendingUris[i] as string)
    }
    // Undone in reverse, so a prefix declared twice on one tag (a duplicate attribute) cannot leak.
    this.undo.push({ prefixes, previous })
    this.pendingPrefixes = []
    this.pendingUris = []
  }

  /**
   * Two attributes of one tag with the same expanded name (`a:x` and `b:x`, `a` and `b` bound to one
   * URI) are a duplicate, as in saxes' `xmlns` mode; saxes itself catches the same name written twice.
   * Only prefixed attributes can clash that way, and a tag has few.
   */
  checkDuplicates(
    count: number,
    prefixes: readonly string[],
    locals: readonly string[],
    uris: readonly string[],
  ): void {
    let prefixed = 0
    for (let i = 0; i < count; i++) if (prefixes[i] !== '') prefixed++
    if (prefixed < 2) return
    if (prefixed > 8) {
      // A hostile tag with hundreds of prefixed attributes: a set, not pairs.
      const seen = new Set<string>()
      for (let i = 0; i < count; i++) {
        if (prefixes[i] === '') continue
        const expanded = `{${uris[i]}}${locals[i]}`
        if (seen.has(expanded)) this.fail(`duplicate attribute: ${expanded}.`)
        seen.add(expanded)
      }
      return
    }
    for (let i = 1; i < count; i++) {
      if (prefixes[i] === '') continue
      for (let j = 0; j < i; j++) {
        if (prefixes[j] !== '' && locals[j] === locals[i] && uris[j] === uris[i]) {
          this.fail(`duplicate attribute: {${uris[i]}}${locals[i]}.`)
        }
      }
    }
  }

  /** The element closes: its declarations go out of force. */
  closeElement(): void {
    const undo = this.undo.pop()
    if (undo === undefined) return
    for (let i = undo.prefixes.length - 1; i >= 0; i--) {
      const prefix = undo.prefixes[i] as string
      const previous = undo.previous[i]
      if (previous === undefined) this.bindings.delete(prefix)
      else this.bindings.set(prefix, previous)
    }
  }

  /** The URI of an element's prefix: `xmlns` is no element prefix, and a prefix must be bound. */
  elementUri(prefix: string): string {
    const uri = this.bindings.get(prefix) ?? ''
    if (prefix !== '') {
      if (prefix === 'xmlns') this.fail('tags may not have "xmlns" as prefix.')
      if (uri === '') this.fail(`unbound namespace prefix: ${JSON.stringify(prefix)}.`)
    }
    return uri
  }

  /** The URI of an attribute's prefix ('' unprefixed: no default namespace for attributes). */
  attributeUri(name: string, prefix: string): string {
    if (prefix === '') return name === 'xmlns' ? XMLNS_NAMESPACE : ''
    const uri = this.bindings.get(prefix)
    if (uri === undefined) this.fail(`unbound namespace prefix: ${JSON.stringify(prefix)}.`)
    return uri
  }
}

/** saxes' `nsPairCheck`: the reserved prefixes and URIs of Namespaces in XML. */
function checkBinding(fail: FailNamespace, prefix: string, uri: string): void {
  if (prefix === 'xml' && uri !== XML_NAMESPACE) fail(`xml prefix must be bound to ${XML_NAMESPACE}.`)
  if (prefix === 'xmlns' && uri !== XMLNS_NAMESPACE) fail(`xmlns prefix must be bound to ${XMLNS_NAMESPACE}.`)
  if (uri === XMLNS_NAMESPACE) {
    fail(
      prefix === ''
        ? `the default namespace may not be set to ${uri}.`
        : `may not assign a prefix (even "xmlns") to the URI ${XMLNS_NAMESPACE}.`,
    )
  }
  if (uri === XML_NAMESPACE && prefix !== 'xml') {
    fail(
      prefix === ''
        ? `the default namespace may not be set to ${uri}.`
        : 'may not assign the xml namespace to another prefix.',
    )
  }
}
