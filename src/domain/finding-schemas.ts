/**
 * The JSON Schemas of a finding and of a findings summary, once, for the two places that show them:
 * the events' payloads (event-schemas.ts, spec/webhooks.txt's exact fields) and the API's results
 * (api/schemas/result-schemas.ts, which adds a finding's position, waiver and links).
 */

export const SEVERITY_SCHEMA = { type: 'string', enum: ['critical', 'high', 'medium', 'low'] } as const

/** Finding counts per severity (waived findings not counted), as in the webhook payload. */
export const SUMMARY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['critical', 'high', 'medium', 'low', 'total'],
  properties: {
    critical: { type: 'integer', minimum: 0 },
    high: { type: 'integer', minimum: 0 },
    medium: { type: 'integer', minimum: 0 },
    low: { type: 'integer', minimum: 0 },
    total: { type: 'integer', minimum: 0 },
  },
} as const

/** The fields every finding has, in an event and in a result. */
export const FINDING_CORE_REQUIRED = ['ruleId', 'severity', 'category', 'location', 'description'] as const

export const FINDING_CORE_PROPERTIES = {
  ruleId: { type: 'string', pattern: '^FC-[A-Z]{3}-[A-Z]{3}-\\d{3}$' },
  severity: SEVERITY_SCHEMA,
  category: { type: 'string' },
  location: { type: 'string' },
  description: { type: 'string' },
} as const

/** A finding as events carry it: the core fields and nothing else. */
export const EVENT_FINDING_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: FINDING_CORE_REQUIRED,
  properties: FINDING_CORE_PROPERTIES,
} as const

/** The fields a validation's result has in the `validation.completed` event and in the API (which adds more). */
export const VALIDATION_RESULT_REQUIRED = [
  'validationId',
  'platform',
  'fileName',
  'label',
  'passed',
  'score',
  'enforcementMode',
  'policyPackSlug',
  'validatedAt',
  'summary',
  'findings',
] as const

/** Those fields but `findings` (the event carries the top 10 as EVENT_FINDING_SCHEMA, the API all of them). */
export const VALIDATION_RESULT_PROPERTIES = {
  validationId: { type: 'string', format: 'uuid' },
  platform: { type: 'string' },
  fileName: { type: 'string' },
  label: { type: ['string', 'null'] },
  passed: { type: 'boolean' },
  score: { type: 'integer', minimum: 0, maximum: 100 },
  enforcementMode: { type: 'string', enum: ['blocking', 'advisory'] },
  policyPackSlug: { type: 'string' },
  validatedAt: { type: 'string', format: 'date-time' },
  summary: SUMMARY_SCHEMA,
} as const
