/** The response schema of GET /api/v1/audit-log/verify (the shape of store/audit-chain-verify.ts). */
import { AUDIT_CHAIN_BREAKS } from '../../../store/audit-chain-verify.js'

const hash = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const

const intactSchema = {
  type: 'object',
  required: ['orgId', 'status', 'count', 'headHash'],
  additionalProperties: false,
  properties: {
    orgId: { type: 'string' },
    status: { const: 'intact' },
    count: { type: 'integer', minimum: 0, description: 'Entries verified.' },
    headHash: { ...hash, description: 'Hash of the last entry (64 zeros for an empty log).' },
  },
  example: {
    orgId: '0190d1c2-7a10-7c3e-9b1a-2f4e5d6c7b8a',
    status: 'intact',
    count: 42,
    headHash: 'ab'.repeat(32),
  },
} as const

const brokenSchema = {
  type: 'object',
  required: ['orgId', 'status', 'checked', 'break'],
  additionalProperties: false,
  properties: {
    orgId: { type: 'string' },
    status: { const: 'broken' },
    checked: { type: 'integer', minimum: 0, description: 'Entries verified before the break.' },
    break: {
      type: 'object',
      required: ['reason', 'entryId', 'position', 'expected', 'found'],
      additionalProperties: false,
      properties: {
        reason: {
          type: 'string',
          enum: [...AUDIT_CHAIN_BREAKS],
          description:
            "`link`: prevHash differs from the previous entry's hash (an entry deleted, inserted or reordered); " +
            '`sequence`: seq differs from the position; `content`: a field was changed (the recomputed hash differs); ' +
            '`head`: the chain ends before or after the head (newest entries deleted, or one added around the chain); ' +
            '`unchained`: a row has no chain fields.',
        },
        entryId: {
          type: ['string', 'null'],
          description: 'The entry at the break; null when it is missing.',
        },
        position: {
          type: ['integer', 'null'],
          description: '1-based position in the chain where the break is.',
        },
        expected: {
          type: ['string', 'null'],
          description: 'What the chain says (a hash; a seq for `sequence`).',
        },
        found: { type: ['string', 'null'], description: 'What is stored.' },
      },
    },
  },
  example: {
    orgId: '0190d1c2-7a10-7c3e-9b1a-2f4e5d6c7b8a',
    status: 'broken',
    checked: 6,
    break: {
      reason: 'content',
      entryId: '0190d1c3-0000-7000-8000-000000000007',
      position: 7,
      expected: 'cd'.repeat(32),
      found: 'ef'.repeat(32),
    },
  },
} as const

export const auditChainVerificationSchema = {
  description: 'The chain is intact, or where it first breaks.',
  oneOf: [intactSchema, brokenSchema],
  examples: [intactSchema.example],
} as const
