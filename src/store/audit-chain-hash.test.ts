/**
 * The canonical form is a contract with every stored hash and with auditors' own tools: these
 * cases pin its exact text, so a change to it fails here before it breaks installed chains.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  AUDIT_GENESIS_HASH,
  AuditCanonicalFormError,
  type ChainedAuditContent,
  canonicalAuditText,
  canonicalJson,
  hashAuditEntry,
} from './audit-chain-hash.js'

const ENTRY: ChainedAuditContent = {
  seq: 1,
  id: '01900000-0000-7000-8000-000000000001',
  orgId: '01900000-0000-7000-8000-0000000000aa',
  at: 1_760_000_000_000,
  actorEmail: 'admin@acme.test',
  action: 'api_key.created',
  targetType: 'api_key',
  targetId: null,
  changes: { role: 'member', name: 'ci "key"', scopes: [1, 2.5, null, true] },
}

describe('audit chain canonical form (v1)', () => {
  it('is the fixed-order array with explicit null, integer times and sorted keys', () => {
    expect(canonicalAuditText(ENTRY, AUDIT_GENESIS_HASH)).toBe(
      '["flowcerta-audit-v1",1,"01900000-0000-7000-8000-000000000001","01900000-0000-7000-8000-0000000000aa",' +
        '1760000000000,"admin@acme.test","api_key.created","api_key",null,' +
        '{"name":"ci \\"key\\"","role":"member","scopes":[1,2.5,null,true]},' +
        `"${'0'.repeat(64)}"]`,
    )
  })

  it('hash is lowercase hex SHA-256 of that text in UTF-8', () => {
    const text = canonicalAuditText({ ...ENTRY, actorEmail: 'zoë@acme.test' }, AUDIT_GENESIS_HASH)
    expect(hashAuditEntry({ ...ENTRY, actorEmail: 'zoë@acme.test' }, AUDIT_GENESIS_HASH)).toBe(
      createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'),
    )
    expect(hashAuditEntry(ENTRY, AUDIT_GENESIS_HASH)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('does not depend on key order, but on every field and on the previous hash', () => {
    const reordered = {
      ...ENTRY,
      changes: { scopes: [1, 2.5, null, true], name: 'ci "key"', role: 'member' },
    }
    const base = hashAuditEntry(ENTRY, AUDIT_GENESIS_HASH)
    expect(hashAuditEntry(reordered, AUDIT_GENESIS_HASH)).toBe(base)
    const variants: ChainedAuditContent[] = [
      { ...ENTRY, seq: 2 },
      { ...ENTRY, id: `${ENTRY.id.slice(0, -1)}2` },
      { ...ENTRY, orgId: `${ENTRY.orgId.slice(0, -1)}b` },
      { ...ENTRY, at: ENTRY.at + 1 },
      { ...ENTRY, actorEmail: 'other@acme.test' },
      { ...ENTRY, action: 'api_key.revoked' },
      { ...ENTRY, targetType: 'webhook' },
      { ...ENTRY, targetId: 'null' },
      { ...ENTRY, changes: { ...(ENTRY.changes as object), role: 'admin' } },
    ]
    for (const variant of variants) expect(hashAuditEntry(variant, AUDIT_GENESIS_HASH)).not.toBe(base)
    expect(hashAuditEntry(ENTRY, 'f'.repeat(64))).not.toBe(base)
  })

  it('keeps field boundaries: moving text between adjacent fields changes the hash', () => {
    const a = hashAuditEntry({ ...ENTRY, action: 'a', targetType: 'bc' }, AUDIT_GENESIS_HASH)
    const b = hashAuditEntry({ ...ENTRY, action: 'ab', targetType: 'c' }, AUDIT_GENESIS_HASH)
    expect(a).not.toBe(b)
  })

  it('canonical JSON sorts nested keys by UTF-16 code units and spells numbers as JSON does', () => {
    expect(canonicalJson({ b: { y: 1, x: [{ d: 1, c: 2 }] }, a: 1e21, é: 0.1, Z: -0 })).toBe(
      '{"Z":0,"a":1e+21,"b":{"x":[{"c":2,"d":1}],"y":1},"é":0.1}',
    )
  })

  it('refuses what it cannot spell exactly instead of hashing a lossy form', () => {
    expect(() => canonicalAuditText({ ...ENTRY, at: 1.5 }, AUDIT_GENESIS_HASH)).toThrow(
      AuditCanonicalFormError,
    )
    expect(() => canonicalAuditText({ ...ENTRY, seq: 2 ** 53 }, AUDIT_GENESIS_HASH)).toThrow(
      AuditCanonicalFormError,
    )
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(AuditCanonicalFormError)
    expect(() => canonicalJson({ a: undefined })).toThrow(AuditCanonicalFormError)
  })
})
