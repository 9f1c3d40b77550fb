/**
 * Finding identity: the one place a finding's fingerprint is computed. Waivers, "new since the
 * previous validation", SARIF `partialFingerprints` and CLI baselines all read this value.
 *
 * fingerprint = SHA-256 over (ruleId, path in project, activity identity, normalised offending
 * value), hex, first 32 characters, then `:<n>` for the n-th finding with the same parts (n ≥ 2).
 * - Stable when lines move, attributes are reordered or the file is re-indented: no line or
 *   column goes in, and the activity is named by Studio's `WorkflowViewState.IdRef` when it has
 *   one (Studio keeps it across edits), else by its path in the activity tree (type and display
 *   name at each level).
 * - New when the offending content changes: the value is the offending value a rule gives
 *   (`RawFinding.value`, e.g. the whole URL where the message shows its origin), else the
 *   finding's message, with line references and whitespace runs normalised. A rule that
 *   reports a secret masks it in its message, so a fingerprint never carries a hash of a secret
 *   (a short password would be guessable from one); the mask keeps its length.
 *
 * @module
 */
import * as crypto from 'node:crypto'
import type { XamlNode } from './xaml/workflow-model.js'

/** Studio's designer id of a node (attribute or property-element form), if any. */
function idRefOf(node: XamlNode): string | undefined {
  const attribute = node.attributes.get('WorkflowViewState.IdRef')?.value
  if (attribute !== undefined && attribute !== '') return attribute
  const element = node.properties.get('WorkflowViewState.IdRef')?.text
  return element !== undefined && element !== '' ? element : undefined
}

/** What names the activity of a finding across edits: its IdRef, else its path in the activity tree. */
export function activityIdentity(node: XamlNode | undefined, label: string): string {
  if (node === undefined) return `label:${label}`
  for (let current: XamlNode | undefined = node; current !== undefined; current = current.parent) {
    const idRef = idRefOf(current)
    // The nearest node with an IdRef names the place; the node's own type keeps two findings on
    // a property object and on its activity apart.
    if (idRef !== undefined) return current === node ? `id:${idRef}` : `id:${idRef}/${node.type}`
    if (current.kind === 'activity') break
  }
  const parts: string[] = []
  for (let current: XamlNode | undefined = node; current !== undefined; current = current.parentActivity) {
    parts.push(`${current.type}[${current.displayName ?? ''}]`)
  }
  return `path:${parts.reverse().join('/')}`
}

/** The offending value as it counts for identity: line references and whitespace normalised. */
export function normaliseFindingValue(message: string | null): string {
  return collapseWhitespace(
    (message ?? '').replace(/\b(lines?|at line|line)\s+\d+(\s*(,|and|-|–)\s*\d+)*/gi, '$1 #'),
  ).trim()
}

/**
 * `text.replace(/\s+/g, ' ')`, skipped when there is nothing to change (no whitespace other than
 * single spaces): most values are, and the replace copied every one of them.
 */
function collapseWhitespace(text: string): string {
  return /[^\S ]|\s\s/.test(text) ? text.replace(/\s+/g, ' ') : text
}

export interface FingerprintParts {
  readonly ruleId: string
  /** Path inside the project (`/`-separated); a single file's name. */
  readonly path: string
  readonly identity: string
  readonly message: string | null
}

/**
 * SHA-256 of `text`, hex. The one-shot `crypto.hash` (Node ≥ 20.12) gives the same digest as
 * createHash().update().digest() without a Hash object per finding; engines allow 20.11, which lacks it.
 */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex')

function baseFingerprint(parts: FingerprintParts): string {
  return sha256Hex(
    JSON.stringify([parts.ruleId, parts.path, parts.identity, normaliseFindingValue(parts.message)]),
  ).slice(0, 32)
}

/**
 * Fingerprints for the findings of one file (or of a project's project rules), in the order
 * given (document order): equal parts get `:2`, `:3`… so every fingerprint in a result is unique.
 */
export function fingerprintAll(items: readonly FingerprintParts[]): string[] {
  const seen = new Map<string, number>()
  return items.map((parts) => {
    const base = baseFingerprint(parts)
    const count = (seen.get(base) ?? 0) + 1
    seen.set(base, count)
    return count === 1 ? base : `${base}:${count}`
  })
}
