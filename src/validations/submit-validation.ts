/**
 * Submitting a workflow for validation: tell its platform from its content, pick the pack (named,
 * else the org's default for that platform; a pack of another platform is refused), analyse (outside any
 * transaction — it is pure CPU), then store the result and its events in ONE transaction, so a
 * result never exists without its events and an event never describes a result that was not kept.
 * A parse error stores nothing. An `Idempotency-Key` replays the first result for 24 hours.
 */
import { createHash } from 'node:crypto'
import { AnalysisBusyError, type AnalysisPool } from '../analysis/analysis-pool.js'
import { type AnalysisResult, UnknownPolicyPackError } from '../analysis/analyze.js'
import type { ProjectAnalysisResult } from '../analysis/analyze-project.js'
import { getPolicyPack } from '../analysis/packs/policy-packs.js'
import { InputFileError } from '../analysis/platform-analyzer.js'
import { instanceRuleDocsBaseUrl } from '../analysis/rules/rule-docs.js'
import { XamlError } from '../analysis/xaml/xaml-error.js'
import type { Clock } from '../domain/clock.js'
import { AppError, type ErrorProblem } from '../domain/errors/app-error.js'
import { isErrorCode } from '../domain/errors/error-catalogue.js'
import { newId } from '../domain/ids.js'
import { PLATFORM_LABELS, type Platform } from '../domain/platforms.js'
import { readSubmission, type Submission } from '../input/read-submission.js'
import { isUniqueViolation } from '../store/errors.js'
import { getOrgSettings, type OrgSettings } from '../store/org-settings.js'
import { listActiveWaivers, type RiskException } from '../store/risk-exceptions.js'
import type { Store } from '../store/store.js'
import {
  deleteIdempotencyKey,
  findIdempotencyKey,
  findPreviousValidation,
  getValidation,
  insertIdempotencyKey,
  insertValidation,
  type StoredValidation,
} from '../store/validations.js'
import { SPAN_NAMES, withSpan } from '../tracing/spans.js'
import { recordValidationEvents } from './validation-events.js'

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000

export interface SubmitValidationInput {
  orgId: string
  submittedByEmail: string
  fileName: string
  content: Buffer
  label: string | null
  policyPack: string | undefined
  platform: string | undefined
  idempotencyKey: string | undefined
}

export interface SubmitValidationDeps {
  store: Store
  clock: Clock
  publicUrl: string
  /** Where the analysis runs (worker threads, or inline with size 0). */
  analysisPool: AnalysisPool
}

export interface SubmitValidationOutcome {
  validation: StoredValidation
  /** True when an Idempotency-Key replayed an earlier result. */
  replayed: boolean
}

/**
 * What a client hears about a file the analyzer refused: the reason, where (1-based, when known)
 * and, for a limit, which one and its value (`limit`: `maxElements`…, `max`: 50000).
 */
function xamlErrorDetail(error: XamlError): ErrorProblem {
  return {
    reason: error.message,
    ...(error.limit === undefined ? {} : { limit: error.limit.name, max: error.limit.value }),
    ...(error.line === undefined ? {} : { line: error.line }),
    ...(error.column === undefined ? {} : { column: error.column }),
  }
}

/** A reader's refusal of a file (not XAML) as the API's error, when its code is in the catalogue. */
function inputFileErrorDetail(error: InputFileError): ErrorProblem {
  const { line, column, limit } = error.position
  return {
    reason: error.message,
    ...(limit === undefined ? {} : { limit: limit.name, max: limit.value }),
    ...(line === undefined ? {} : { line }),
    ...(column === undefined ? {} : { column }),
  }
}

/** 503 ANALYSIS_BUSY; the API sends `retryAfterSeconds` as Retry-After. */
export function analysisBusy(retryAfterSeconds: number): AppError {
  return new AppError('ANALYSIS_BUSY', { details: [{ reason: 'analysis queue full', retryAfterSeconds }] })
}

/**
 * Analyses on the pool; the analyzer's errors become the API's (4xx with code, details). What the
 * upload is — a UiPath workflow or project archive, another platform's export or zip of exports —
 * was told from its content by src/input/ (which refuses hostile archives with ARCHIVE_* codes).
 */
async function analyze(
  pool: AnalysisPool,
  submission: Submission,
  input: SubmitValidationInput,
  packSlug: string,
  waivers: RiskException[],
  publicUrl: string,
): Promise<AnalysisResult | ProjectAnalysisResult> {
  const waiverRefs = waivers.map(({ id, ruleId, location, fingerprint }) => ({
    id,
    ruleId,
    location,
    fingerprint,
  }))
  const docsBaseUrl = instanceRuleDocsBaseUrl(publicUrl)
  try {
    if (submission.platform !== 'uipath') {
      return await pool.analyzeSubmission({
        kind: 'submission',
        platform: submission.platform,
        submissionName: input.fileName,
        files: submission.files,
        skipped: submission.skipped,
        packSlug,
        waivers: waiverRefs,
        docsBaseUrl,
      })
    }
    if (submission.shape === 'project-archive') {
      const project = submission.project
      return await pool.analyzeProject({
        kind: 'project',
        submissionName: input.fileName,
        projectJson: project.projectJson,
        files: project.workflows,
        skipped: project.skipped,
        packSlug,
        waivers: waiverRefs,
        docsBaseUrl,
      })
    }
    return await pool.analyze({
      content: submission.content,
      fileName: input.fileName,
      packSlug,
      waivers: waiverRefs,
      docsBaseUrl,
    })
  } catch (error) {
    if (error instanceof XamlError && isErrorCode(error.code)) {
      throw new AppError(error.code, { message: error.message, details: [xamlErrorDetail(error)] })
    }
    if (error instanceof InputFileError && isErrorCode(error.code)) {
      throw new AppError(error.code, { message: error.message, details: [inputFileErrorDetail(error)] })
    }
    if (error instanceof AnalysisBusyError) throw analysisBusy(error.retryAfterSeconds)
    if (error instanceof UnknownPolicyPackError) {
      throw new AppError('UNKNOWN_POLICY_PACK', {
        details: [{ field: 'policyPack', reason: 'is not a policy pack', value: error.slug }],
      })
    }
    throw error
  }
}

/**
 * The pack for a submission of `platform`: the one named, else the org's default for the
 * platform; refused when unknown or of another platform (POLICY_PACK_PLATFORM_MISMATCH).
 */
function choosePack(platform: Platform, named: string | undefined, settings: OrgSettings): string {
  const slug = named ?? settings.defaultPolicyPacks[platform]
  const pack = getPolicyPack(slug)
  if (pack === undefined) {
    throw new AppError('UNKNOWN_POLICY_PACK', {
      message: `No policy pack "${slug}" (see GET /api/v1/policy-packs).`,
      details: [{ field: 'policyPack', reason: 'is not a policy pack', value: slug }],
    })
  }
  if (pack.platform !== platform) {
    throw new AppError('POLICY_PACK_PLATFORM_MISMATCH', {
      message: `The policy pack "${slug}" checks ${PLATFORM_LABELS[pack.platform]} workflows; this file is ${PLATFORM_LABELS[platform]}.`,
      details: [
        {
          field: 'policyPack',
          reason:
            named === undefined ? "is the org's default, for another platform" : `is a ${pack.platform} pack`,
          value: slug,
          packPlatform: pack.platform,
          platform,
        },
      ],
    })
  }
  return slug
}

function toStoredValidation(
  id: string,
  input: SubmitValidationInput,
  result: AnalysisResult | ProjectAnalysisResult,
  validatedAt: number,
  contentSha256: string,
  previous: StoredValidation | null,
): StoredValidation {
  // isNew: not among the previous validation's fingerprints (every finding is new without one).
  const seen = new Set(
    (previous?.findings ?? []).flatMap((finding) =>
      finding.fingerprint === undefined ? [] : [finding.fingerprint],
    ),
  )
  return {
    id,
    orgId: input.orgId,
    platform: result.platform,
    fileName: result.fileName,
    label: input.label,
    passed: result.passed,
    score: result.score,
    enforcementMode: result.enforcementMode,
    policyPackSlug: result.policyPackSlug,
    validatedAt,
    submittedByEmail: input.submittedByEmail,
    contentSha256,
    sizeBytes: input.content.length,
    summary: { ...result.summary },
    findings: result.findings.map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      category: finding.category,
      location: finding.location,
      description: finding.description,
      line: finding.line,
      column: finding.column,
      activity: finding.activity,
      message: finding.message,
      recommendation: finding.recommendation,
      docsUrl: finding.docsUrl,
      waived: finding.waivedBy !== null,
      exceptionId: finding.waivedBy,
      ...('path' in finding && typeof finding.path === 'string' ? { path: finding.path } : {}),
      fingerprint: finding.fingerprint,
      isNew: !seen.has(finding.fingerprint),
      ...(finding.flow === undefined ? {} : { flow: finding.flow.map((step) => ({ ...step })) }),
      ...(finding.logicalLocation === undefined ? {} : { logicalLocation: { ...finding.logicalLocation } }),
    })),
    ruleErrors: result.ruleErrors.map((error) => ({ ...error })),
    projectName: 'project' in result ? result.project.name : null,
    project:
      'project' in result
        ? {
            ...result.project,
            files: result.files.map((file) => ({ ...file, summary: { ...file.summary } })),
            invocationGraph: { ...result.invocationGraph },
            skipped: result.skipped.map((entry) => ({ ...entry })),
          }
        : null,
    comparedWithId: previous?.id ?? null,
  }
}

/** Hash of what makes two submissions "the same request" for Idempotency-Key purposes. */
function requestFingerprint(input: SubmitValidationInput, contentSha256: string): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        input.fileName,
        input.label,
        input.policyPack ?? null,
        input.platform ?? null,
        contentSha256,
      ]),
    )
    .digest('hex')
}

async function replay(
  deps: SubmitValidationDeps,
  input: SubmitValidationInput,
  fingerprint: string,
  now: number,
) {
  if (input.idempotencyKey === undefined) return null
  const previous = await findIdempotencyKey(deps.store.db, input.orgId, input.idempotencyKey)
  if (previous === null || now - previous.createdAt >= IDEMPOTENCY_WINDOW_MS) return null
  if (previous.requestSha256 !== fingerprint) throw new AppError('IDEMPOTENCY_KEY_REUSED')
  return getValidation(deps.store.db, input.orgId, previous.validationId)
}

export async function submitValidation(
  deps: SubmitValidationDeps,
  input: SubmitValidationInput,
): Promise<SubmitValidationOutcome> {
  const now = deps.clock.now()
  const contentSha256 = createHash('sha256').update(input.content).digest('hex')
  const fingerprint = requestFingerprint(input, contentSha256)
  const earlier = await replay(deps, input, fingerprint, now)
  if (earlier !== null) return { validation: earlier, replayed: true }

  const submission = await readSubmission(input.content, input.fileName, input.platform)
  const settings = await getOrgSettings(deps.store.db, input.orgId)
  const packSlug = choosePack(submission.platform, input.policyPack, settings)
  const waivers = await listActiveWaivers(deps.store.db, input.orgId, input.fileName, now)
  const result = await withSpan(
    SPAN_NAMES.analysis,
    { attributes: { 'flowcerta.policy_pack': packSlug, 'flowcerta.input_bytes': input.content.length } },
    async (span) => {
      const analysed = await analyze(deps.analysisPool, submission, input, packSlug, waivers, deps.publicUrl)
      span?.setAttributes({
        'flowcerta.findings': analysed.findings.length,
        'flowcerta.score': analysed.score,
      })
      return analysed
    },
  )
  const projectName = 'project' in result ? result.project.name : null
  const previous = await findPreviousValidation(
    deps.store.db,
    input.orgId,
    projectName !== null ? { projectName } : { fileName: input.fileName, label: input.label },
  )
  const validation = toStoredValidation(newId(), input, result, now, contentSha256, previous)

  try {
    // The transaction that writes the outbox: its span is the parent of the events' spans.
    const storeSpan = { attributes: { 'flowcerta.validation_id': validation.id } }
    await withSpan(SPAN_NAMES.storeValidation, storeSpan, () =>
      deps.store.transaction(async (trx) => {
        if (input.idempotencyKey !== undefined) {
          // An expired key with the same name is forgotten. A live one is kept even if replay() did
          // not see it (a concurrent request stored it since): the insert below then fails and the
          // winner's result is replayed.
          await deleteIdempotencyKey(trx, input.orgId, input.idempotencyKey, now - IDEMPOTENCY_WINDOW_MS)
          await insertIdempotencyKey(trx, input.orgId, input.idempotencyKey, {
            requestSha256: fingerprint,
            validationId: validation.id,
            createdAt: now,
          })
        }
        await insertValidation(trx, validation)
        await recordValidationEvents(trx, validation, {
          scoreThreshold: settings.scoreThreshold,
          publicUrl: deps.publicUrl,
          capabilities: deps.store.capabilities,
        })
      }),
    )
  } catch (error) {
    // Another request with the same Idempotency-Key committed first: answer with its result.
    if (input.idempotencyKey !== undefined && isUniqueViolation(error)) {
      const winner = await replay(deps, input, fingerprint, now)
      if (winner !== null) return { validation: winner, replayed: true }
    }
    throw error
  }
  return { validation, replayed: false }
}
