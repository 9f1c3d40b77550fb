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
  summary: FindingSummaryCounts & { total: number }
  submittedByEmail: string | null
  resultUrl: string
  projectName: string | null
  comparedWith: string | null
}

export type Severity = 'critical' | 'high' | 'medium' | 'low'

/** A finding of a result (GET /api/v1/results/{id}). */
export interface Finding {
  ruleId: string
  severity: Severity
  category: string
  location: string
  description: string
  line: number
  column: number
  activity?: string
  message?: string | null
  recommendation?: string
  docsUrl?: string
  waived: boolean
  exceptionId: string | null
  /** Project submissions: the file inside the project. */
  path?: string
  fingerprint?: string
  isNew?: boolean
}

export interface ProjectFileSummary {
  path: string
  score: number
  passed: boolean
  summary: FindingSummaryCounts
  error: { code?: string; message?: string; line?: number | null; column?: number | null } | null
}

export interface ResultDetail extends ResultSummary {
  findings: Finding[]
  ruleErrors?: { ruleId?: string; message?: string }[]
  contentSha256?: string
  sizeBytes?: number
  project: {
    name: string | null
    version: string | null
    main: string | null
    isReframework: boolean
    files: ProjectFileSummary[]
    skipped: { path?: string; reason?: string }[]
  } | null
}

export type ExceptionStatus = 'requested' | 'approved' | 'rejected' | 'revoked' | 'expired'

export interface ExceptionRenewal {
  status: 'pending' | 'approved' | 'rejected' | 'closed'
  expiresAt: string
  reason: string
  requestedByEmail: string
  requestedAt: string
  decidedByEmail: string | null
  decidedAt: string | null
  decisionReason: string | null
}

/** A risk exception (GET /api/v1/exceptions/{id}). */
export interface RiskException {
  id: string
  ruleId: string
  fileName: string
  location: string | null
  fingerprint?: string | null
  reason: string
  status: ExceptionStatus
  expiresAt: string
  requestedByEmail: string
  decidedByEmail: string | null
  decidedAt: string | null
  decisionReason: string | null
  warnedAt: string | null
  createdAt: string
  updatedAt: string
  renewal: ExceptionRenewal | null
}

/** One validation of a project (GET /api/v1/projects/{name}/history). */
export interface HistoryPoint {
  validationId: string
  validatedAt: string
  label: string | null
  fileName?: string
  score: number
  passed: boolean
  summary: FindingSummaryCounts & { total: number }
  policyPackSlug: string
  resultUrl: string
}

export interface ProjectSummary {
  name: string
  validations: number
  latest: HistoryPoint
  /** The score of the validation before the latest; null when the latest is the first. */
  previousScore: number | null
}

export interface PolicyPackSummary {
  slug: string
  name: string
  platform: string
  enforcementMode: string
  passThreshold: number
}

/** GET /api/v1/overview?days=N: the org at a glance. */
export interface Overview {
  days: number
  since: string
  until: string
  totals: { validations: number; passed: number; passRate: number | null; meanScore: number | null }
  daily: { day: string; validations: number; passed: number; meanScore: number | null }[]
  topFailingRules: { ruleId: string; validations: number; findings: number }[]
  lowestScoringProjects: {
    name: string
    latestValidationId: string
    score: number
    passed: boolean
    validatedAt: string
    validations: number
  }[]
  expiringExceptions: {
    id: string
    ruleId: string
    fileName: string
    location: string | null
    expiresAt: string
    renewalPending: boolean
  }[]
  /** Null for members: webhooks are admin data. */
  troubledWebhooks:
    | {
        id: string
        url: string
        target: string
        enabled: boolean
        disabledReason: string | null
        failingSince: string | null
        lastSuccessAt: string | null
      }[]
    | null
}
