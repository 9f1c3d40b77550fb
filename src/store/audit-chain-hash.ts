/**
 * The audit chain's canonical form and hash: the one place that turns an audit entry into the
 * bytes that are hashed. Used by `appendAuditEntry` (audit-log.ts), by the verify walk
 * (audit-chain-verify.ts) and by migration 007's backfill, so the three can never disagree.
 *
 * hash = lowercase hex SHA-256 of the UTF-8 bytes of the JSON array
 *
 *   ["flowcerta-audit-v1", seq, id, orgId, at, actorEmail, action, targetType, targetId, changes, prevHash]
 *
 * - Fixed field order (the array), so no object-key order is involved at the top level.
 * - `seq` (1-based position in the org's chain) and `at` (epoch milliseconds, never an ISO text:
 *   one integer has one spelling) are JSON integers; anything else — a fraction, a number beyond
 *   2^53 − 1 — is refused rather than hashed in some lossy form.
 * - `targetId` is a JSON string or the JSON literal `null`.
 * - `changes` is canonical JSON: object keys sorted by UTF-16 code units (JavaScript's default
 *   sort, as RFC 8785 specifies), no whitespace, strings and numbers as `JSON.stringify` spells
 *   them (shortest round-trip numbers, lone surrogates escaped), `null` explicit. It is hashed as
 *   read back from its stored JSON text, so what is hashed at append is what verify sees.
 * - `prevHash` is the previous entry's `hash` in the same org, or `AUDIT_GENESIS_HASH` for the
 *   org's first entry. `orgId` is inside the hash, so an entry moved to another org's chain fails.
 *
 * The version tag is part of the hashed bytes. This v1 form is frozen: every stored hash and
 * migration 007 depend on it; a different form would be a v2 beside it, never an edit of v1.
 */
import { createHash } from 'node:crypto'

/** The `prevHash` of an org's first entry: 64 zeros (no entry hashes to it). */
export const AUDIT_GENESIS_HASH = '0'.repeat(64)

const FORM_VERSION = 'flowcerta-audit-v1'

/** Everything about an entry that its hash covers, besides the previous hash. */
export interface ChainedAuditContent {
  seq: number
  id: string
  orgId: string
  at: number
  actorEmail: string
  action: string
  targetType: string
  targetId: string | null
  /** As parsed from the stored `changes_json` text. */
  changes: unknown
}

/** Thrown for content the canonical form cannot spell exactly (never a client error). */
export class AuditCanonicalFormError extends Error {}

function integer(name: string, value: number): string {
  if (!Number.isSafeInteger(value)) {
    throw new AuditCanonicalFormError(`audit entry ${name} must be a safe integer, got ${String(value)}`)
  }
  return String(value)
}

/** Canonical JSON of a value parsed from JSON (objects, arrays, strings, finite numbers, booleans, null). */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value)
    case 'number':
      if (!Number.isFinite(value)) throw new AuditCanonicalFormError(`not a JSON number: ${String(value)}`)
      return JSON.stringify(value)
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
      const record = value as Record<string, unknown>
      const members = Object.keys(record)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`)
      return `{${members.join(',')}}`
    }
    default:
      throw new AuditCanonicalFormError(`not a JSON value: ${typeof value}`)
  }
}

/** The exact text that is hashed for an entry (exported for tests and for auditors' tooling). */
export function canonicalAuditText(content: ChainedAuditContent, prevHash: string): string {
  return [
    `[${JSON.stringify(FORM_VERSION)}`,
    integer('seq', content.seq),
    JSON.stringify(content.id),
    JSON.stringify(content.orgId),
    integer('at', content.at),
    JSON.stringify(content.actorEmail),
    JSON.stringify(content.action),
    JSON.stringify(content.targetType),
    content.targetId === null ? 'null' : JSON.stringify(content.targetId),
    canonicalJson(content.changes),
    `${JSON.stringify(prevHash)}]`,
  ].join(',')
}

/** The entry's chain hash: lowercase hex SHA-256 over `canonicalAuditText`. */
export function hashAuditEntry(content: ChainedAuditContent, prevHash: string): string {
  return createHash('sha256').update(canonicalAuditText(content, prevHash), 'utf8').digest('hex')
}
