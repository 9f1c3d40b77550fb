/**
 * Table shapes as Kysely sees them. Conventions shared by both engines, so one query works on
 * each without translation:
 * - ids are UUID v7 strings (`text`);
 * - times are epoch milliseconds (`bigint`; the PostgreSQL engine parses int8 to number);
 * - booleans are integers 0/1 (SQLite has no boolean type);
 * - structured data is JSON text.
 * Later issues add their tables here and in a new numbered migration.
 */
import type { WebhookTarget } from '../domain/webhook-targets.js'

export interface OrgsTable {
  id: string
  name: string
  created_at: number
}

export interface UsersTable {
  id: string
  org_id: string
  email: string
  role: 'admin' | 'member'
  created_at: number
}

export interface ApiKeysTable {
  id: string
  org_id: string
  user_id: string
  name: string | null
  /** The first characters of the key after `fc_`, used to find the row; not secret on its own. */
  prefix: string
  /** SHA-256 of the whole key, hex. The key itself is never stored. */
  key_hash: string
  created_at: number
  last_used_at: number | null
  revoked_at: number | null
}

/** One-time events of the whole installation, claimed by inserting the row (instance-flags.ts). */
export interface InstanceFlagsTable {
  name: string
  set_at: number
}

/** A stored validation result (migration 003). */
export interface ValidationsTable {
  id: string
  org_id: string
  platform: string
  file_name: string
  label: string | null
  passed: number
  score: number
  enforcement_mode: string
  policy_pack_slug: string
  validated_at: number
  submitted_by_email: string
  content_sha256: string
  size_bytes: number
  summary_json: string
  findings_json: string
  rule_errors_json: string
  /** project.json's name, for project submissions (migration 008). */
  project_name: string | null
  /** The project detail of the result as JSON, for project submissions (migration 008). */
  project_json: string | null
  /** The validation `isNew` was decided against (migration 008). */
  compared_with_id: string | null
}

/** One project of an org (migration 010): its latest validation and how many it has had. */
export interface ProjectsTable {
  org_id: string
  name: string
  latest_validation_id: string
  validations: number
}

/** `Idempotency-Key` of a submission → the validation it created, for 24 hours. */
export interface IdempotencyKeysTable {
  org_id: string
  key: string
  request_sha256: string
  validation_id: string
  created_at: number
}

export interface OrgSettingsTable {
  org_id: string
  score_threshold: number | null
  exception_warning_days: number
  default_policy_pack: string
  /** null = the built-in default pack of the platform (migration 014). */
  default_power_automate_pack: string | null
  default_blue_prism_pack: string | null
  updated_at: number
}

export interface RiskExceptionsTable {
  id: string
  org_id: string
  rule_id: string
  file_name: string
  location: string | null
  reason: string
  status: 'requested' | 'approved' | 'rejected' | 'revoked' | 'expired'
  expires_at: number
  requested_by_email: string
  decided_by_email: string | null
  decided_at: number | null
  decision_reason: string | null
  warned_at: number | null
  created_at: number
  updated_at: number
  /** 006: the last renewal asked for (null: never); see migrations/006-exception-renewals.ts. */
  renewal_id: string | null
  renewal_status: 'pending' | 'approved' | 'rejected' | 'closed' | null
  renewal_expires_at: number | null
  renewal_reason: string | null
  renewal_requested_by_email: string | null
  renewal_requested_at: number | null
  renewal_decided_by_email: string | null
  renewal_decided_at: number | null
  renewal_decision_reason: string | null
  /** The finding fingerprint it waives, or null (migration 009). */
  fingerprint: string | null
}

/** The event outbox: one row per event, with the exact envelope webhooks deliver. */
export interface EventsTable {
  id: string
  org_id: string
  event: string
  occurred_at: number
  envelope_json: string
}

export interface AuditLogTable {
  id: string
  org_id: string
  actor_email: string
  action: string
  target_type: string
  target_id: string | null
  changes_json: string
  at: number
  /** Chain fields (migration 007, audit-chain-hash.ts): null only on a row written without them. */
  seq: number | null
  prev_hash: string | null
  hash: string | null
}

/** Each org's audit chain head (migration 007): locked by every append, compared by verify. */
export interface AuditChainHeadsTable {
  org_id: string
  last_seq: number
  last_hash: string
}

/** An org's outbound webhook (migration 004). */
export interface WebhooksTable {
  id: string
  org_id: string
  url: string
  target: WebhookTarget
  events_json: string
  description: string | null
  enabled: number
  disabled_reason: string | null
  secret_encrypted: string
  secret_preview: string
  previous_secret_encrypted: string | null
  previous_secret_expires_at: number | null
  last_success_at: number | null
  failing_since: number | null
  created_at: number
  updated_at: number
  deleted_at: number | null
}

/** One event to one webhook: the unit of delivery, retried until it succeeds or gives up. */
export interface DeliveriesTable {
  id: string
  org_id: string
  webhook_id: string
  event_id: string
  event: string
  status: 'pending' | 'succeeded' | 'failed' | 'cancelled'
  attempt_count: number
  next_attempt_at: number | null
  locked_until: number | null
  locked_by: string | null
  /** Formatted (slack/teams) body fixed at the first claim; null for generic: the envelope is the body. */
  body: string | null
  /** The target the body was fixed for at the first claim (null before it, and on rows claimed before 005). */
  target: WebhookTarget | null
  last_status_code: number | null
  last_error_class: string | null
  created_at: number
  updated_at: number
  completed_at: number | null
}

export interface DeliveryAttemptsTable {
  id: string
  delivery_id: string
  org_id: string
  number: number
  started_at: number
  duration_ms: number
  status_code: number | null
  response_body: string | null
  error_class: string | null
  error_message: string | null
  /** The headers the attempt sent, as JSON (migration 012); null before it, or when none were built. */
  request_headers_json: string | null
}

/** Per org, UTC day and rule: unwaived findings and validations failing the rule (migration 012). */
export interface RuleFailureDaysTable {
  org_id: string
  /** Epoch day: floor(validated_at / 86,400,000). */
  day: number
  rule_id: string
  findings: number
  validations: number
}

/** A dashboard session (migration 011): an API key exchanged for a cookie token, stored hashed. */
export interface SessionsTable {
  id: string
  /** SHA-256 of the cookie token, hex. The token itself is never stored. */
  token_hash: string
  org_id: string
  api_key_id: string
  created_at: number
  last_seen_at: number
  expires_at: number
}

export interface Database {
  orgs: OrgsTable
  users: UsersTable
  api_keys: ApiKeysTable
  instance_flags: InstanceFlagsTable
  validations: ValidationsTable
  projects: ProjectsTable
  idempotency_keys: IdempotencyKeysTable
  org_settings: OrgSettingsTable
  risk_exceptions: RiskExceptionsTable
  events: EventsTable
  audit_log: AuditLogTable
  audit_chain_heads: AuditChainHeadsTable
  webhooks: WebhooksTable
  deliveries: DeliveriesTable
  delivery_attempts: DeliveryAttemptsTable
  sessions: SessionsTable
  rule_failure_days: RuleFailureDaysTable
}
