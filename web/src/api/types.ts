/**
 * The API's bodies as the dashboard reads them (the OpenAPI document at /api/v1/openapi.json is
 * the source; only the fields pages use are named here).
 */

export interface FindingSummaryCounts {
  critical: number
  high: number
  medium: number
  low: number
  [severity: string]: number
}

export interface ResultSummary {
  validationId: string
  platform: string
  fileName: string
  label: string | null
  passed: boolean
  score: number
  enforcementMode: string
  policyPackSlug: string
  validatedAt: string
  summary: { total?: number; bySeverity?: FindingSummaryCounts; [key: string]: unknown }
  submittedByEmail: string | null
  resultUrl: string
  projectName: string | null
  comparedWith: string | null
}
