/**
 * The events a stored validation causes, built exactly as spec/webhooks.txt shows them:
 * `validation.completed` always, `validation.below_threshold` when the score is under the org's
 * threshold. Written with the caller's transaction.
 */
import type { Kysely } from 'kysely'
import { buildEnvelope, type EventEnvelope } from '../domain/events/event-envelope.js'
import type { Database } from '../store/database.js'
import { type RecordEventCapabilities, recordEvents } from '../store/events.js'
import type { StoredValidation } from '../store/validations.js'

/** The spec caps the findings in an event so receivers don't get oversized message cards. */
export const EVENT_FINDINGS_LIMIT = 10

export function resultUrl(publicUrl: string, validationId: string): string {
  return `${publicUrl}/results/${validationId}`
}

/** validation.completed's data, key order as in the spec. Waived findings are not listed. */
export function validationCompletedData(validation: StoredValidation) {
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
    summary: { ...validation.summary },
    // Stored findings are already ordered by severity, then line.
    findings: validation.findings
      .filter((finding) => !finding.waived)
      .slice(0, EVENT_FINDINGS_LIMIT)
      .map((finding) => ({
        ruleId: finding.ruleId,
        severity: finding.severity,
        category: finding.category,
        location: finding.location,
        description: finding.description,
      })),
  }
}

export async function recordValidationEvents(
  trx: Kysely<Database>,
  validation: StoredValidation,
  options: {
    scoreThreshold: number | null
    publicUrl: string
    capabilities: RecordEventCapabilities
  },
): Promise<void> {
  const at = validation.validatedAt
  const envelopes: EventEnvelope[] = [
    buildEnvelope('validation.completed', validation.orgId, at, validationCompletedData(validation)),
  ]
  if (options.scoreThreshold !== null && validation.score < options.scoreThreshold) {
    envelopes.push(
      buildEnvelope('validation.below_threshold', validation.orgId, at, {
        validationId: validation.id,
        platform: validation.platform,
        fileName: validation.fileName,
        label: validation.label,
        score: validation.score,
        threshold: options.scoreThreshold,
        passed: validation.passed,
        policyPackSlug: validation.policyPackSlug,
        validatedAt: new Date(at).toISOString(),
        resultUrl: resultUrl(options.publicUrl, validation.id),
      }),
    )
  }
  // Both in one call: one statement on PostgreSQL.
  await recordEvents(trx, options.capabilities, envelopes)
}
