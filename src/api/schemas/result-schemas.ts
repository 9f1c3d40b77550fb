/** The full validation result as the API returns it (POST /validations, GET /results/{id}). */
import { instanceRuleDocsBaseUrl, ruleDocsUrl } from '../../analysis/rules/rule-docs.js'
import type { StoredValidation } from '../../store/validations.js'
import { resultUrl } from '../../validations/validation-events.js'

const summary = {
  type: 'object',
  required: ['critical', 'high', 'medium', 'low', 'total'],
  properties: {
    critical: { type: 'integer' },
    high: { type: 'integer' },
    medium: { type: 'integer' },
    low: { type: 'integer' },
    total: { type: 'integer' },
  },
} as const

export const findingSchema = {
  type: 'object',
  required: [
    'ruleId',
    'severity',
    'category',
    'location',
    'description',
    'line',
    'column',
    'waived',
    'exceptionId',
  ],
  properties: {
    ruleId: { type: 'string' },
    severity: { type: 'string', enum: ['critical', 'high', 'medium', 'low'] },
    category: { type: 'string' },
    location: { type: 'string', description: '<fileName>:<line>' },
    description: { type: 'string' },
    line: { type: 'integer' },
    column: { type: 'integer' },
    activity: { type: 'string' },
    message: { type: ['string', 'null'] },
    recommendation: { type: 'string' },
    docsUrl: { type: 'string' },
    waived: { type: 'boolean', description: 'Covered by an approved risk exception; not counted.' },
    exceptionId: { type: ['string', 'null'] },
  },
} as const

export const resultSchema = {
  type: 'object',
  required: [
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
  ],
  properties: {
    validationId: { type: 'string' },
    platform: { type: 'string' },
    fileName: { type: 'string' },
    label: { type: ['string', 'null'] },
    passed: { type: 'boolean' },
    score: { type: 'integer' },
    enforcementMode: { type: 'string' },
    policyPackSlug: { type: 'string' },
    validatedAt: { type: 'string', format: 'date-time' },
    summary,
    findings: { type: 'array', items: findingSchema },
    ruleErrors: {
      type: 'array',
      items: { type: 'object', properties: { ruleId: { type: 'string' }, message: { type: 'string' } } },
    },
    submittedByEmail: { type: 'string' },
    contentSha256: { type: 'string' },
    sizeBytes: { type: 'integer' },
    resultUrl: { type: 'string' },
  },
} as const

/** A list item: the result without its findings (fetch the result for those). */
export const resultSummarySchema = {
  ...resultSchema,
  required: resultSchema.required.filter((field) => field !== 'findings'),
  properties: Object.fromEntries(
    Object.entries(resultSchema.properties).filter(([key]) => key !== 'findings'),
  ),
} as const

/**
 * `docsUrl` is this instance's page for the rule, whatever was stored with the finding: results
 * stored before the docs were served here, or under another FLOWCERTA_PUBLIC_URL, link here too.
 */
function withInstanceDocsUrl(findings: StoredValidation['findings'], publicUrl: string) {
  const base = instanceRuleDocsBaseUrl(publicUrl)
  return findings.map((finding) => ({ ...finding, docsUrl: ruleDocsUrl(finding.ruleId, base) }))
}

export function toResultBody(validation: StoredValidation, publicUrl: string, withFindings = true) {
  return {
    validationId: validation.id,
    platform: validation.platform,
    fileName: validation.fileName,
    label: validation.label,
    passed: validation.passed,
    score: validation.score,
    enforcementMode: validation.enforcementMode,
    policyPackSlug: validation.policyPackSlug,
    validatedAt: new Date(validation.validatedAt).toISOString(),
    summary: validation.summary,
    ...(withFindings ? { findings: withInstanceDocsUrl(validation.findings, publicUrl) } : {}),
    ruleErrors: validation.ruleErrors,
    submittedByEmail: validation.submittedByEmail,
    contentSha256: validation.contentSha256,
    sizeBytes: validation.sizeBytes,
    resultUrl: resultUrl(publicUrl, validation.id),
  }
}
